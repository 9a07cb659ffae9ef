"""The CLI's subcommands, one module each (imported lazily so `vcs --help` stays fast)."""
