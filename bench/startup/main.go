// Command startup does nothing: the start-up and exit of a Go binary, the
// floor for empty.star under sockstar.
package main

func main() {}
