// The ${...} template scanner and evaluator live here.
