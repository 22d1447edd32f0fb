#include "CCurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/*
 * libcurl is loaded with dlopen the first time something needs it (http>, mail>, the REST client
 * of the client commands), not at process start: most runs never send HTTP or mail, and libcurl pulls in TLS and other
 * libraries worth several MB of resident memory. The curl_* functions our Swift code calls are
 * defined here and forward to the loaded library.
 */

static void *ccurl_library;
static pthread_once_t ccurl_once = PTHREAD_ONCE_INIT;

static CURLcode (*p_global_init)(long);
static CURL *(*p_easy_init)(void);
static CURLcode (*p_easy_perform)(CURL *);
static void (*p_easy_cleanup)(CURL *);
static const char *(*p_easy_strerror)(CURLcode);
static struct curl_slist *(*p_slist_append)(struct curl_slist *, const char *);
static void (*p_slist_free_all)(struct curl_slist *);
static CURLcode (*p_easy_setopt)(CURL *, CURLoption, ...);
static CURLcode (*p_easy_getinfo)(CURL *, CURLINFO, ...);

static void ccurl_load(void) {
    ccurl_library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (ccurl_library == NULL) ccurl_library = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
    if (ccurl_library == NULL) return;
    p_global_init = (CURLcode (*)(long))dlsym(ccurl_library, "curl_global_init");
    p_easy_init = (CURL * (*)(void)) dlsym(ccurl_library, "curl_easy_init");
    p_easy_perform = (CURLcode (*)(CURL *))dlsym(ccurl_library, "curl_easy_perform");
    p_easy_cleanup = (void (*)(CURL *))dlsym(ccurl_library, "curl_easy_cleanup");
    p_easy_strerror = (const char *(*)(CURLcode))dlsym(ccurl_library, "curl_easy_strerror");
    p_slist_append = (struct curl_slist * (*)(struct curl_slist *, const char *)) dlsym(ccurl_library, "curl_slist_append");
    p_slist_free_all = (void (*)(struct curl_slist *))dlsym(ccurl_library, "curl_slist_free_all");
    p_easy_setopt = (CURLcode (*)(CURL *, CURLoption, ...))dlsym(ccurl_library, "curl_easy_setopt");
    p_easy_getinfo = (CURLcode (*)(CURL *, CURLINFO, ...))dlsym(ccurl_library, "curl_easy_getinfo");
}

static int ccurl_ready(void) {
    pthread_once(&ccurl_once, ccurl_load);
    return ccurl_library != NULL && p_easy_init != NULL && p_easy_setopt != NULL && p_easy_getinfo != NULL;
}

int ccurl_available(void) { return ccurl_ready(); }

CURLcode curl_global_init(long flags) {
    if (!ccurl_ready() || p_global_init == NULL) return CURLE_FAILED_INIT;
    return p_global_init(flags);
}

CURL *curl_easy_init(void) { return ccurl_ready() ? p_easy_init() : NULL; }

CURLcode curl_easy_perform(CURL *handle) {
    return ccurl_ready() && p_easy_perform ? p_easy_perform(handle) : CURLE_FAILED_INIT;
}

void curl_easy_cleanup(CURL *handle) {
    if (ccurl_ready() && p_easy_cleanup) p_easy_cleanup(handle);
}

const char *curl_easy_strerror(CURLcode code) {
    return ccurl_ready() && p_easy_strerror ? p_easy_strerror(code) : "libcurl (libcurl.so.4) is not installed";
}

struct curl_slist *curl_slist_append(struct curl_slist *list, const char *text) {
    return ccurl_ready() && p_slist_append ? p_slist_append(list, text) : NULL;
}

void curl_slist_free_all(struct curl_slist *list) {
    if (ccurl_ready() && p_slist_free_all) p_slist_free_all(list);
}

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return ccurl_ready() ? p_easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return ccurl_ready() ? p_easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return ccurl_ready() ? p_easy_setopt(handle, option, value) : CURLE_FAILED_INIT;
}

CURLcode ccurl_setopt_read_function(CURL *handle, ccurl_read_callback callback) {
    return ccurl_ready() ? p_easy_setopt(handle, CURLOPT_READFUNCTION, callback) : CURLE_FAILED_INIT;
}

CURLcode ccurl_setopt_debug_function(CURL *handle, ccurl_debug_callback callback) {
    return ccurl_ready() ? p_easy_setopt(handle, CURLOPT_DEBUGFUNCTION, callback) : CURLE_FAILED_INIT;
}

CURLcode ccurl_setopt_progress_function(CURL *handle, ccurl_progress_callback callback) {
    return ccurl_ready() ? p_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback) : CURLE_FAILED_INIT;
}

CURLcode ccurl_setopt_write_function(CURL *handle, ccurl_write_callback callback) {
    return ccurl_ready() ? p_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback) : CURLE_FAILED_INIT;
}

CURLcode ccurl_setopt_header_function(CURL *handle, ccurl_write_callback callback) {
    return ccurl_ready() ? p_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback) : CURLE_FAILED_INIT;
}

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return ccurl_ready() ? p_easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}

CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return ccurl_ready() ? p_easy_getinfo(handle, info, value) : CURLE_FAILED_INIT;
}
