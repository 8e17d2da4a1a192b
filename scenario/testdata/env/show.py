import os

base = {"PATH", "LANG", "LC_ALL", "TZ", "TERM"}
print(os.environ["GREETING"], os.getenv("PORT"), os.getenv("HOME"),
      set(os.environ) - base == {"GREETING", "PORT"})
