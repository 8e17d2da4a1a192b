# argv: --tcp --udp
import argparse
parser = argparse.ArgumentParser()
mode = parser.add_mutually_exclusive_group(required=True)
mode.add_argument("--tcp", action="store_true")
mode.add_argument("--udp", action="store_true")
print(parser.parse_args(["--udp"]))
parser.parse_args()
