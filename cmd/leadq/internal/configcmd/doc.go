// Package configcmd is `leadq config`, the group of commands that work with
// configurations: `config check` validates a file; `push`, `activate`,
// `list`, `show` and `status` work with the versions kept in JetStream
// (package versions), and `diff`, a dry run of a version on the live
// accounts, is package configdiff. Each subcommand lives in a file (or a
// package) of its own and is added to the group by NewCommand.
package configcmd
