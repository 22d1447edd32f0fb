import CDuktape
