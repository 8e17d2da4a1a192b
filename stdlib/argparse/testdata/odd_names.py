import argparse
parser = argparse.ArgumentParser()
parser.add_argument("my-arg")
parser.add_argument("--max-conn", type=int, default=5)
parser.add_argument("-x", dest="x_value")
ns = parser.parse_args(["v"])
print(ns)
print(getattr(ns, "my-arg"), ns.max_conn)
parser.print_help()
