import argparse
parser = argparse.ArgumentParser(prog="a-program-with-a-rather-long-name")
parser.add_argument("server")
parser.add_argument("port", type=int)
parser.add_argument("-t", "--timeout", type=float)
parser.add_argument("-b", "--buffer-size", type=int)
parser.add_argument("-v", "--verbose", action="store_true")
parser.parse_args()
