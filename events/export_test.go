package events

// ValidFast exposes validFast to the external tests (fastcheck_test.go).
var ValidFast = validFast
