package socket

// moduleFuncs are the socket module's functions for names, addresses and
// byte order: gethostname, getaddrinfo, inet_aton, htons and the rest.
var moduleFuncs = map[string]builtinFunc{}
