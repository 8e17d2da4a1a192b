import string


def attempt(f, *a, **k):
    try:
        print(" ", repr(f(*a, **k)))
    except Exception as e:
        print(" ", type(e).__name__, e)


print(repr(string.ascii_letters), repr(string.ascii_lowercase), repr(string.ascii_uppercase))
print(repr(string.digits), repr(string.hexdigits), repr(string.octdigits))
print(repr(string.punctuation), repr(string.whitespace))
print(repr(string.printable), len(string.printable))
print(string.capwords("  hello   wORLD  foo "), string.capwords("a-b-c", "-"), string.capwords("x--y", "-"), repr(string.capwords("")))
attempt(string.capwords, 5)
password = "Secret9!"
print(any(c in string.punctuation for c in password), all(c in string.ascii_letters + string.digits for c in "abc123"))
print("".join(c for c in "Hello, World!" if c not in string.punctuation))
T = string.Template("$who likes ${what}; cost $$5")
print(T.substitute(who="tim", what="kung pao"), T.template)
attempt(T.substitute, who="x")
attempt(T.substitute, {"who": 1}, what=2)
print(T.safe_substitute(who="a"), T.substitute({"who": "w", "what": "x"}, who="kw"))
attempt(string.Template("bad $ here").substitute)
attempt(string.Template("line1\nbad $1x").substitute)
print(string.Template("$a$b").substitute(a=1, b=[2]))
print(string.Template("$who").safe_substitute(), type(T), isinstance(T, string.Template))
attempt(string.Template("${a").substitute, a=1)
print(string.Template("$a_b $a").safe_substitute(a=1), string.Template("bad $ x").safe_substitute())
