"""Services that gather state through ports, decide in the core and apply."""
