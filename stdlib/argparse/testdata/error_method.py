import argparse
parser = argparse.ArgumentParser(prog="srv", usage="%(prog)s [options] PORT")
parser.add_argument("port", type=int)
args = parser.parse_args(["70000"])
if args.port > 65535:
    parser.error("port must be at most 65535")
