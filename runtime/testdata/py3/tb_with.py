class Resource:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, exc)
        return False

class Quiet(Resource):
    def __exit__(self, exc_type, exc, tb):
        super().__exit__(exc_type, exc, tb)
        return True

with Resource("a") as a, Resource("b") as b:
    print("body", a.name, b.name)

with Quiet("q"):
    raise ValueError("swallowed")
print("after quiet")

def use():
    with Resource("r") as r:
        for i in range(3):
            if i == 1:
                return "returned at %d" % i
print(use())

with Resource("boom"):
    x = 1
    raise KeyError("inside with")
