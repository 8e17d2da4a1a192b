# argv: -h
import argparse
parser = argparse.ArgumentParser(formatter_class=argparse.ArgumentDefaultsHelpFormatter, description="""Usage notes:
    keep   this   layout""")
parser.add_argument("host", help="host")
parser.add_argument("-p", "--port", type=int, default=80, help="port")
parser.add_argument("--name", default="x")
parser.add_argument("--flag", action="store_true", help="a flag")
parser.add_argument("--rate", type=float, default=1.5, help="rate, already %(default)s")
parser.parse_args()
