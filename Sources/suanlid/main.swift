print("suanlid")
