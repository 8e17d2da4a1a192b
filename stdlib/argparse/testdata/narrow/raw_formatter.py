import argparse
parser = argparse.ArgumentParser(prog="raw", formatter_class=argparse.RawDescriptionHelpFormatter, description="""Usage notes:
    keep   this   layout
        and this""", epilog="""Examples:
  raw --go""")
parser.add_argument("--go", action="store_true", help="go    now   please, the help text itself is still wrapped when long")
parser.print_help()
p2 = argparse.ArgumentParser(prog="rawtext", formatter_class=argparse.RawTextHelpFormatter)
p2.add_argument("--go", help="line one\n  line two")
p2.print_help()
