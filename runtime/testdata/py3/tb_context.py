def during():
    try:
        [][1]
    except IndexError:
        {}["missing"]
during()
