package events

// ValidFast exposes validFast to the external tests (fastcheck_test.go).
var ValidFast = validFast

// ParseJSON exposes parseJSON to the external tests (jsonfast_test.go).
var ParseJSON = parseJSON
