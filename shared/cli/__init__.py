"""The `kk` command line."""
