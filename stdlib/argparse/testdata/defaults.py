import argparse
parser = argparse.ArgumentParser()
parser.add_argument("--host", default="localhost")
parser.add_argument("--port", type=int, default="8080")
parser.add_argument("--count", type=int)
parser.add_argument("-q", "--quiet", action="store_false", dest="talk")
parser.add_argument("--name", default=None)
args = parser.parse_args([])
print(args)
print(args.port + 1)
args = parser.parse_args(["--port", "1", "-q", "--count", "3"])
print(args)
print(args == argparse.Namespace(host='localhost', port=1, count=3, talk=False, name=None))
args.port = 99
args.extra = [1, 2]
print(args, args.port)
print(parser.get_default("host"), parser.get_default("nothing"))
parser.set_defaults(host="0.0.0.0", mode="x")
print(parser.parse_args([]))
