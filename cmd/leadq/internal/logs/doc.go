// Package logs builds the loggers of the leadq commands: the process logger
// of serve, demo and bench from --log-level and --log-format, the warnings
// logger of the operator commands, and URLs with their passwords hidden so
// that they can be logged or printed.
package logs
