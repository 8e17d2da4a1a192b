# import and from ... import as one of several statements on a line, or as
# the body of a one-line compound statement, as Python allows them.
x = 1; import os
import sys; import json as j
if x: import time
if not x: from collections import OrderedDict
else: from collections import deque  # a comment
def f(): import string; return string.ascii_lowercase[:3]
print(os.sep, sys.platform, j.dumps([1]), time.time() > 0, deque([1]), f())
for i in range(2): import string; print(string.digits[i])
s = "import x; y"; print(s)
d = {"a": 1}; from functools import reduce; print(reduce(lambda a, b: a + b, [1, 2]))
