#ifndef CDUKTAPE_H
#define CDUKTAPE_H

#include <duktape.h>
#include <stddef.h>

/*
 * A small C layer over Duktape for Swift. Most of Duktape's convenience API is made of
 * function-like macros that Swift cannot import, and its fatal errors must be caught with
 * setjmp/longjmp, which Swift cannot do. Everything here is protected: a JavaScript error
 * becomes a status code plus a message, and a Duktape fatal error marks the heap broken
 * instead of aborting the process.
 */

/* Status codes returned by the cdk_* functions. */
#define CDK_OK 0          /* success; the output is the result */
#define CDK_JS_ERROR 1    /* a JavaScript error; the output is its text ("TypeError: ...") */
#define CDK_FATAL 2       /* Duktape raised a fatal error; the heap must never be used again */
#define CDK_BROKEN 3      /* the heap was already broken by an earlier fatal error */

/* An opaque Duktape heap with its fatal-error trap. Used by one thread at a time. */
typedef struct cdk_heap cdk_heap;

/* Creates a heap; returns NULL when Duktape cannot allocate one. */
cdk_heap *cdk_heap_create(void);

/* Destroys a heap. A broken heap is leaked on purpose (its state is undefined after a fatal error). */
void cdk_heap_destroy(cdk_heap *heap);

/* Non-zero once a fatal error happened in this heap. */
int cdk_heap_is_broken(const cdk_heap *heap);

/* Runs a whole script in the global scope (used to load libraries). */
int cdk_run_script(cdk_heap *heap, const char *source, size_t source_len, const char *file_name,
                   char **output, size_t *output_len);

/* Sets the global variable `name` to JSON.parse(json). */
int cdk_set_global_json(cdk_heap *heap, const char *name, const char *json, size_t json_len,
                        char **output, size_t *output_len);

/*
 * Building the scope object directly on Duktape's value stack (no JSON text in between):
 * cdk_scope_begin, then a tree of cdk_push_* with cdk_put_property / cdk_put_index, then
 * cdk_scope_end, which makes the single value left the scope. All return CDK_* statuses; after a
 * failure call cdk_scope_end anyway to restore the stack.
 */
int cdk_scope_begin(cdk_heap *heap);
int cdk_scope_end(cdk_heap *heap);
int cdk_push_null(cdk_heap *heap);
int cdk_push_boolean(cdk_heap *heap, int value);
int cdk_push_number(cdk_heap *heap, double value);
int cdk_push_string(cdk_heap *heap, const char *text, size_t length);
int cdk_push_object(cdk_heap *heap);
int cdk_push_array(cdk_heap *heap);
/* Pops a value and stores it as property `key` of the object below it (own property, like JSON.parse). */
int cdk_put_property(cdk_heap *heap, const char *key, size_t key_len);
/* Pops a value and stores it at `index` of the array below it. */
int cdk_put_index(cdk_heap *heap, unsigned int index);

/*
 * Evaluates one expression as Digdag's template does: `with(this){ return (expression); }` with
 * `this` being the current scope object. On success the output is the template text of the
 * result: strings as is, null and undefined as "", anything else JSON.stringify'd ("undefined"
 * when JSON.stringify gives undefined, e.g. for a function). Compiled expressions are cached.
 */
int cdk_evaluate(cdk_heap *heap, const char *expression, size_t expression_len, char **output, size_t *output_len);

/* Raises a Duktape fatal error inside the guard (tests use it to check the trap). */
int cdk_trigger_fatal_for_testing(cdk_heap *heap, char **output, size_t *output_len);

/* Bytes currently allocated by the heap (for measurements). */
size_t cdk_heap_allocated_bytes(const cdk_heap *heap);

/* Compiles a script to Duktape bytecode (malloc'd into *bytecode; free with cdk_free). */
int cdk_compile_bytecode(cdk_heap *heap, const char *source, size_t source_len, const char *file_name,
                         char **bytecode, size_t *bytecode_len, char **output, size_t *output_len);

/* Runs bytecode made by cdk_compile_bytecode in the global scope. Only pass trusted bytecode. */
int cdk_run_bytecode(cdk_heap *heap, const char *bytecode, size_t bytecode_len, char **output, size_t *output_len);

/* DUK_VERSION of the Duktape the shim was built against (bytecode is tied to it). */
unsigned long cdk_duktape_version(void);

/* Frees an output buffer returned by the functions above. */
void cdk_free(char *buffer);

#endif
