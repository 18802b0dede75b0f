// Package configcmd is `leadq config`, the group of commands that work with
// configurations: `config check` validates a file. Each subcommand lives in
// a file (or a package) of its own and is added to the group by NewCommand.
package configcmd
