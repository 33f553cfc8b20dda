"""One module per external library, each implementing a port of the core."""
