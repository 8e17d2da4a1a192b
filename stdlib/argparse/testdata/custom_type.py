# argv: -p 70000
import argparse
def port(s):
    n = int(s)
    return int("bad" * (n // 65536) or s)
parser = argparse.ArgumentParser()
parser.add_argument("-p", "--port", type=port, default=80)
parser.add_argument("--hexa", type=lambda s: int(s, 16))
print(parser.parse_args(["--hexa", "ff", "-p", "443"]))
parser.parse_args()
