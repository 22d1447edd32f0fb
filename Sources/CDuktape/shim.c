#include "cduktape.h"

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Compiled expressions kept per heap before the cache is dropped and rebuilt. */
#define CDK_FUNCTION_CACHE_LIMIT 1024

struct cdk_heap {
    duk_context *ctx;
    duk_idx_t scope_base;
    jmp_buf trap;
    int trap_armed;
    int broken;
    size_t allocated;
    size_t cached_functions;
    char fatal_message[256];
};

/* ---- counting allocator: a size header in front of every block ---- */

typedef union { size_t size; max_align_t align; } cdk_block_header;

static void *cdk_alloc(void *udata, duk_size_t size) {
    struct cdk_heap *heap = udata;
    cdk_block_header *block = malloc(sizeof(cdk_block_header) + size);
    if (block == NULL) return NULL;
    block->size = size;
    heap->allocated += size;
    return block + 1;
}

static void cdk_dealloc(void *udata, void *ptr) {
    struct cdk_heap *heap = udata;
    if (ptr == NULL) return;
    cdk_block_header *block = (cdk_block_header *) ptr - 1;
    heap->allocated -= block->size;
    free(block);
}

static void *cdk_realloc(void *udata, void *ptr, duk_size_t size) {
    struct cdk_heap *heap = udata;
    if (ptr == NULL) return cdk_alloc(udata, size);
    if (size == 0) { cdk_dealloc(udata, ptr); return NULL; }
    cdk_block_header *old_block = (cdk_block_header *) ptr - 1;
    size_t old_size = old_block->size;
    cdk_block_header *block = realloc(old_block, sizeof(cdk_block_header) + size);
    if (block == NULL) return NULL;
    heap->allocated = heap->allocated - old_size + size;
    block->size = size;
    return block + 1;
}

/* ---- fatal errors: jump back to the entry point instead of abort() ---- */

static void cdk_fatal(void *udata, const char *message) {
    struct cdk_heap *heap = udata;
    heap->broken = 1;
    strncpy(heap->fatal_message, message ? message : "unknown", sizeof(heap->fatal_message) - 1);
    heap->fatal_message[sizeof(heap->fatal_message) - 1] = '\0';
    if (heap->trap_armed) {
        longjmp(heap->trap, 1);
    }
    /* Unreachable in practice: Duktape only runs inside the guarded entry points below. */
    abort();
}

/* ---- output buffers ---- */

/*
 * Copies a Duktape string into a malloc'd buffer, joining surrogate pairs that Duktape keeps as
 * two 3-byte sequences (CESU-8) into one 4-byte UTF-8 sequence, so Swift sees valid UTF-8.
 */
static void cdk_copy_output(const char *text, size_t length, char **output, size_t *output_len) {
    const unsigned char *in = (const unsigned char *) text;
    unsigned char *out = malloc(length + 1);
    size_t o = 0;
    if (out == NULL) { *output = NULL; *output_len = 0; return; }
    for (size_t i = 0; i < length;) {
        if (i + 5 < length && in[i] == 0xED && (in[i + 1] & 0xF0) == 0xA0 && in[i + 3] == 0xED
            && (in[i + 4] & 0xF0) == 0xB0) {
            uint32_t high = ((uint32_t) (in[i + 1] & 0x0F) << 6) | (in[i + 2] & 0x3F);
            uint32_t low = ((uint32_t) (in[i + 4] & 0x0F) << 6) | (in[i + 5] & 0x3F);
            uint32_t scalar = 0x10000 + (high << 10) + low;
            out[o++] = (unsigned char) (0xF0 | (scalar >> 18));
            out[o++] = (unsigned char) (0x80 | ((scalar >> 12) & 0x3F));
            out[o++] = (unsigned char) (0x80 | ((scalar >> 6) & 0x3F));
            out[o++] = (unsigned char) (0x80 | (scalar & 0x3F));
            i += 6;
        } else {
            out[o++] = in[i++];
        }
    }
    out[o] = '\0';
    *output = (char *) out;
    *output_len = o;
}

/* Sets the output to the string at the top of the stack (coerced safely) and pops it. */
static void cdk_take_top(duk_context *ctx, char **output, size_t *output_len) {
    duk_size_t length = 0;
    const char *text = duk_safe_to_lstring(ctx, -1, &length);
    cdk_copy_output(text, length, output, output_len);
    duk_pop(ctx);
}

/* Arms the fatal-error trap; a fatal error returns CDK_FATAL from the calling function. */
#define CDK_GUARD(heap, output, output_len)                                              \
    if ((heap)->broken) {                                                                \
        cdk_copy_output("heap is broken", 14, (output), (output_len));                   \
        return CDK_BROKEN;                                                               \
    }                                                                                    \
    (heap)->trap_armed = 1;                                                              \
    if (setjmp((heap)->trap) != 0) {                                                     \
        (heap)->trap_armed = 0;                                                          \
        cdk_copy_output((heap)->fatal_message, strlen((heap)->fatal_message), (output),  \
                        (output_len));                                                   \
        return CDK_FATAL;                                                                \
    }

/* Runs `body` as a protected call with `args`, leaving one value; returns the status. */
static int cdk_protected(struct cdk_heap *heap, duk_safe_call_function body, void *args,
                         char **output, size_t *output_len) {
    duk_context *ctx = heap->ctx;
    duk_idx_t top = duk_get_top(ctx);
    duk_int_t rc = duk_safe_call(ctx, body, args, 0, 1);
    cdk_take_top(ctx, output, output_len);
    duk_set_top(ctx, top);
    heap->trap_armed = 0;
    return rc == DUK_EXEC_SUCCESS ? CDK_OK : CDK_JS_ERROR;
}

/* ---- heap life cycle ---- */

cdk_heap *cdk_heap_create(void) {
    struct cdk_heap *heap = calloc(1, sizeof(struct cdk_heap));
    if (heap == NULL) return NULL;
    heap->trap_armed = 1;
    if (setjmp(heap->trap) != 0) {
        /* A fatal error while creating the heap: leak it, report failure. */
        return NULL;
    }
    heap->ctx = duk_create_heap(cdk_alloc, cdk_realloc, cdk_dealloc, heap, cdk_fatal);
    heap->trap_armed = 0;
    if (heap->ctx == NULL) {
        free(heap);
        return NULL;
    }
    return heap;
}

void cdk_heap_destroy(cdk_heap *heap) {
    if (heap == NULL || heap->broken) return;
    heap->trap_armed = 1;
    if (setjmp(heap->trap) != 0) {
        return; /* leaked: a fatal error during teardown */
    }
    duk_destroy_heap(heap->ctx);
    free(heap);
}

int cdk_heap_is_broken(const cdk_heap *heap) { return heap->broken; }

size_t cdk_heap_allocated_bytes(const cdk_heap *heap) { return heap->allocated; }

void cdk_free(char *buffer) { free(buffer); }

/* ---- scripts and JSON values ---- */

struct cdk_source_args { const char *source; size_t length; const char *name; };

static duk_ret_t cdk_run_script_body(duk_context *ctx, void *udata) {
    struct cdk_source_args *args = udata;
    duk_push_lstring(ctx, args->source, args->length);
    duk_push_string(ctx, args->name);
    duk_compile(ctx, 0);
    duk_call(ctx, 0);
    duk_pop(ctx);
    duk_push_string(ctx, "");
    return 1;
}

int cdk_run_script(cdk_heap *heap, const char *source, size_t source_len, const char *file_name,
                   char **output, size_t *output_len) {
    CDK_GUARD(heap, output, output_len);
    struct cdk_source_args args = { source, source_len, file_name };
    return cdk_protected(heap, cdk_run_script_body, &args, output, output_len);
}

static duk_ret_t cdk_set_global_json_body(duk_context *ctx, void *udata) {
    struct cdk_source_args *args = udata;
    duk_push_lstring(ctx, args->source, args->length);
    duk_json_decode(ctx, -1);
    duk_put_global_string(ctx, args->name);
    duk_push_string(ctx, "");
    return 1;
}

int cdk_set_global_json(cdk_heap *heap, const char *name, const char *json, size_t json_len,
                        char **output, size_t *output_len) {
    CDK_GUARD(heap, output, output_len);
    struct cdk_source_args args = { json, json_len, name };
    return cdk_protected(heap, cdk_set_global_json_body, &args, output, output_len);
}

/* ---- building the scope on the value stack ---- */

/* Arms the fatal-error trap for a status-only function. */
#define CDK_GUARD_STATUS(heap)                 \
    if ((heap)->broken) return CDK_BROKEN;     \
    (heap)->trap_armed = 1;                    \
    if (setjmp((heap)->trap) != 0) {           \
        (heap)->trap_armed = 0;                \
        return CDK_FATAL;                      \
    }

#define CDK_DONE(heap) ((heap)->trap_armed = 0, CDK_OK)

int cdk_scope_begin(cdk_heap *heap) {
    CDK_GUARD_STATUS(heap);
    heap->scope_base = duk_get_top(heap->ctx);
    return CDK_DONE(heap);
}

int cdk_scope_end(cdk_heap *heap) {
    CDK_GUARD_STATUS(heap);
    duk_context *ctx = heap->ctx;
    if (duk_get_top(ctx) == heap->scope_base + 1 && duk_is_object(ctx, -1)) {
        duk_push_heap_stash(ctx);
        duk_swap_top(ctx, -2);
        duk_put_prop_string(ctx, -2, "scope");
    }
    duk_set_top(ctx, heap->scope_base);
    return CDK_DONE(heap);
}

int cdk_push_null(cdk_heap *heap) {
    CDK_GUARD_STATUS(heap);
    duk_push_null(heap->ctx);
    return CDK_DONE(heap);
}

int cdk_push_boolean(cdk_heap *heap, int value) {
    CDK_GUARD_STATUS(heap);
    duk_push_boolean(heap->ctx, value ? 1 : 0);
    return CDK_DONE(heap);
}

int cdk_push_number(cdk_heap *heap, double value) {
    CDK_GUARD_STATUS(heap);
    duk_push_number(heap->ctx, value);
    return CDK_DONE(heap);
}

int cdk_push_string(cdk_heap *heap, const char *text, size_t length) {
    CDK_GUARD_STATUS(heap);
    duk_push_lstring(heap->ctx, text, length);
    return CDK_DONE(heap);
}

int cdk_push_object(cdk_heap *heap) {
    CDK_GUARD_STATUS(heap);
    duk_push_object(heap->ctx);
    return CDK_DONE(heap);
}

int cdk_push_array(cdk_heap *heap) {
    CDK_GUARD_STATUS(heap);
    duk_push_array(heap->ctx);
    return CDK_DONE(heap);
}

int cdk_put_property(cdk_heap *heap, const char *key, size_t key_len) {
    CDK_GUARD_STATUS(heap);
    duk_context *ctx = heap->ctx;
    if (duk_get_top(ctx) < heap->scope_base + 2 || !duk_is_object(ctx, -2)) return CDK_DONE(heap);
    duk_push_lstring(ctx, key, key_len);
    duk_swap_top(ctx, -2);  /* [object key value] */
    if (key_len == 9 && memcmp(key, "__proto__", 9) == 0) {
        /* An own data property, as JSON.parse makes it; a plain put would set the prototype. */
        duk_def_prop(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE | DUK_DEFPROP_SET_ENUMERABLE
                                  | DUK_DEFPROP_SET_CONFIGURABLE);
    } else {
        duk_put_prop(ctx, -3);
    }
    return CDK_DONE(heap);
}

int cdk_put_index(cdk_heap *heap, unsigned int index) {
    CDK_GUARD_STATUS(heap);
    duk_context *ctx = heap->ctx;
    if (duk_get_top(ctx) < heap->scope_base + 2 || !duk_is_object(ctx, -2)) return CDK_DONE(heap);
    duk_put_prop_index(ctx, -2, (duk_uarridx_t) index);
    return CDK_DONE(heap);
}

/* ---- expressions ---- */

/*
 * Duktape's JSON.stringify escapes U+2028 and U+2029; ECMAScript's does not. Rewrites those two
 * escapes (only where the backslash really starts an escape) back into the raw characters.
 */
static void cdk_push_unescaped_line_separators(duk_context *ctx) {
    duk_size_t length = 0;
    const char *json = duk_get_lstring(ctx, -1, &length);
    if (json == NULL || strstr(json, "\\u202") == NULL) return;
    char *out = malloc(length + 1);
    if (out == NULL) return;
    size_t o = 0;
    for (size_t i = 0; i < length;) {
        if (json[i] == '\\' && i + 1 < length) {
            if (json[i + 1] == 'u' && i + 5 < length && memcmp(json + i + 2, "202", 3) == 0
                && (json[i + 5] == '8' || json[i + 5] == '9')) {
                out[o++] = (char) 0xE2;
                out[o++] = (char) 0x80;
                out[o++] = (char) (json[i + 5] == '8' ? 0xA8 : 0xA9);
                i += 6;
            } else {
                out[o++] = json[i++];
                out[o++] = json[i++];
            }
        } else {
            out[o++] = json[i++];
        }
    }
    duk_pop(ctx);
    duk_push_lstring(ctx, out, o);
    free(out);
}

struct cdk_expression_args { struct cdk_heap *heap; const char *expression; size_t length; };

/* Leaves the cached (or freshly compiled and cached) function for the expression on the stack. */
static void cdk_push_expression_function(duk_context *ctx, struct cdk_expression_args *args, duk_idx_t stash) {
    duk_get_prop_string(ctx, stash, "functions");
    if (!duk_is_object(ctx, -1) || args->heap->cached_functions >= CDK_FUNCTION_CACHE_LIMIT) {
        duk_pop(ctx);
        duk_push_bare_object(ctx);  /* no prototype: "toString" must not find Object.prototype's */
        duk_dup_top(ctx);
        duk_put_prop_string(ctx, stash, "functions");
        args->heap->cached_functions = 0;
    }
    duk_idx_t functions = duk_get_top_index(ctx);
    duk_push_lstring(ctx, args->expression, args->length);
    duk_dup_top(ctx);
    duk_get_prop(ctx, functions);
    if (duk_is_function(ctx, -1)) {
        duk_remove(ctx, -2);  /* the key */
        duk_remove(ctx, -2);  /* the cache object */
        return;
    }
    duk_pop(ctx);
    /* Same wrapping as Digdag's template(): `with(this)` and the expression in parentheses. */
    duk_push_string(ctx, "function(){with(this){return (");
    duk_dup(ctx, -2);
    duk_push_string(ctx, ");}}");
    duk_concat(ctx, 3);
    duk_push_string(ctx, "template");
    duk_compile(ctx, DUK_COMPILE_FUNCTION);
    duk_dup(ctx, -2);   /* key */
    duk_dup(ctx, -2);   /* function */
    duk_put_prop(ctx, functions);
    args->heap->cached_functions += 1;
    duk_remove(ctx, -2);  /* the key */
    duk_remove(ctx, -2);  /* the cache object */
}

static duk_ret_t cdk_evaluate_body(duk_context *ctx, void *udata) {
    struct cdk_expression_args *args = udata;
    duk_push_heap_stash(ctx);
    duk_idx_t stash = duk_get_top_index(ctx);
    cdk_push_expression_function(ctx, args, stash);
    duk_get_prop_string(ctx, stash, "scope");
    if (!duk_is_object(ctx, -1)) {
        duk_pop(ctx);
        duk_push_object(ctx);
    }
    duk_call_method(ctx, 0);
    if (duk_is_string(ctx, -1)) return 1;
    if (duk_is_null_or_undefined(ctx, -1)) {
        duk_pop(ctx);
        duk_push_string(ctx, "");
        return 1;
    }
    duk_json_encode(ctx, -1);
    if (!duk_is_string(ctx, -1)) {
        /* JSON.stringify gave undefined (a function); Digdag appends that as "undefined". */
        duk_pop(ctx);
        duk_push_string(ctx, "undefined");
        return 1;
    }
    cdk_push_unescaped_line_separators(ctx);
    return 1;
}

int cdk_evaluate(cdk_heap *heap, const char *expression, size_t expression_len, char **output, size_t *output_len) {
    CDK_GUARD(heap, output, output_len);
    struct cdk_expression_args args = { heap, expression, expression_len };
    return cdk_protected(heap, cdk_evaluate_body, &args, output, output_len);
}

int cdk_trigger_fatal_for_testing(cdk_heap *heap, char **output, size_t *output_len) {
    CDK_GUARD(heap, output, output_len);
    duk_fatal(heap->ctx, "fatal error triggered for testing");
    heap->trap_armed = 0;
    return CDK_OK;
}

/* ---- bytecode (compiled once, cached on disk by the Swift side) ---- */

struct cdk_bytecode_args { const char *data; size_t length; const char *name; char **bytecode; size_t *bytecode_len; };

static duk_ret_t cdk_compile_bytecode_body(duk_context *ctx, void *udata) {
    struct cdk_bytecode_args *args = udata;
    duk_push_lstring(ctx, args->data, args->length);
    duk_push_string(ctx, args->name);
    duk_compile(ctx, 0);
    duk_dump_function(ctx);
    duk_size_t size = 0;
    void *buffer = duk_get_buffer(ctx, -1, &size);
    *args->bytecode = malloc(size > 0 ? size : 1);
    if (*args->bytecode != NULL) {
        memcpy(*args->bytecode, buffer, size);
        *args->bytecode_len = size;
    }
    duk_pop(ctx);
    duk_push_string(ctx, "");
    return 1;
}

int cdk_compile_bytecode(cdk_heap *heap, const char *source, size_t source_len, const char *file_name,
                         char **bytecode, size_t *bytecode_len, char **output, size_t *output_len) {
    CDK_GUARD(heap, output, output_len);
    *bytecode = NULL;
    *bytecode_len = 0;
    struct cdk_bytecode_args args = { source, source_len, file_name, bytecode, bytecode_len };
    return cdk_protected(heap, cdk_compile_bytecode_body, &args, output, output_len);
}

static duk_ret_t cdk_run_bytecode_body(duk_context *ctx, void *udata) {
    struct cdk_bytecode_args *args = udata;
    void *buffer = duk_push_fixed_buffer(ctx, args->length);
    memcpy(buffer, args->data, args->length);
    duk_load_function(ctx);
    duk_call(ctx, 0);
    duk_pop(ctx);
    duk_push_string(ctx, "");
    return 1;
}

int cdk_run_bytecode(cdk_heap *heap, const char *bytecode, size_t bytecode_len, char **output, size_t *output_len) {
    CDK_GUARD(heap, output, output_len);
    struct cdk_bytecode_args args = { bytecode, bytecode_len, "", NULL, NULL };
    return cdk_protected(heap, cdk_run_bytecode_body, &args, output, output_len);
}

unsigned long cdk_duktape_version(void) { return (unsigned long)DUK_VERSION; }
