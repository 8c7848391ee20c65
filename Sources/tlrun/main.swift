print("tlrun")
