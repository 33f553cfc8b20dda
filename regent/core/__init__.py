"""Pure release logic: standard library only, no I/O."""
