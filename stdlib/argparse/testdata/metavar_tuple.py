import argparse
parser = argparse.ArgumentParser(prog="m")
parser.add_argument("--addr", nargs=2, metavar=("HOST", "PORT"), help="where")
parser.add_argument("--many", nargs="*", metavar=("FIRST", "MORE"))
parser.add_argument("--hidden", help=argparse.SUPPRESS)
parser.add_argument("item", choices=["a", "b"], help="one of %(choices)s, a %(type)s")
parser.add_argument("num", type=int, help="type %(type)s default %(default)r dest %(dest)s prog %(prog)s")
parser.print_help()
print(parser.parse_args(["--addr", "h", "1", "a", "3"]))
