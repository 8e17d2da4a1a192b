def never_called():
    return undefined_helper(1)

def handler(data):
    return data.upper()

class Config:
    port = 8080
    def describe(self):
        return "port %d" % port

print(handler("ok"))
try:
    never_called()
except NameError as e:
    print("NameError:", e)
try:
    Config().describe()
except NameError as e:
    print("NameError:", e)
if False:
    print(nothing)
print(missing_at_top)
