# Does nothing: the start-up and exit of the interpreter alone.
