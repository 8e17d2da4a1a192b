# argv: -h
import argparse
parser = argparse.ArgumentParser(description="Über-simple chat   client — connects to a server and relays     lines; thread-per-connection, non-blocking, self-contained and well-tested. A_very_long_word_that_cannot_possibly_fit_on_one_line_of_the_help_output_at_all_really ok")
parser.add_argument("--server-address-and-port-combined", help="x")
parser.add_argument("-n", "--nick", help="nickname shown to others -- pick something short; super-duper-long-hyphenated-compound-words-are-split-at-their-hyphens-when-too-long")
parser.add_argument("--émoji", help="ünïcode ✓ help")
parser.parse_args()
