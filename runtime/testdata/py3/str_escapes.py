# Python reads \xHH and octal escapes in a str as code points, so
# "caf\xe9" is "café"; in bytes, and in raw strings, they stay as written.
print("caf\xe9", "\351t\xe9", "\\x85", "\x41\101", r"\xe9", b"\xe9", "\0\012|", "\777")
print(f"x\xe9{1}", "a" "\xff", "\u00e9" == "\xe9")
print(repr("\x85\xa0"), ascii("\xe9"), "\xe9".encode(), b"\xe9".decode("latin-1") == "\xe9")
