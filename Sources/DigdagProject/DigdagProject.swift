// The .dig/YAML loader lives here.
