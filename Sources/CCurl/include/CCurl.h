#ifndef CCURL_H
#define CCURL_H

#include <curl/curl.h>

/// Typed wrappers over the variadic curl_easy_setopt, which Swift cannot call directly.
CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);

typedef size_t (*ccurl_read_callback)(char *buffer, size_t size, size_t count, void *userdata);
typedef int (*ccurl_debug_callback)(CURL *handle, curl_infotype type, char *data, size_t size, void *userdata);
typedef int (*ccurl_progress_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                       curl_off_t ultotal, curl_off_t ulnow);

CURLcode ccurl_setopt_read_function(CURL *handle, ccurl_read_callback callback);
CURLcode ccurl_setopt_debug_function(CURL *handle, ccurl_debug_callback callback);
CURLcode ccurl_setopt_progress_function(CURL *handle, ccurl_progress_callback callback);

/// Receives response bytes (CURLOPT_WRITEFUNCTION) or header lines (CURLOPT_HEADERFUNCTION).
typedef size_t (*ccurl_write_callback)(char *data, size_t size, size_t count, void *userdata);

CURLcode ccurl_setopt_write_function(CURL *handle, ccurl_write_callback callback);
CURLcode ccurl_setopt_header_function(CURL *handle, ccurl_write_callback callback);

/// Typed wrappers over the variadic curl_easy_getinfo.
CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, char **value);

/// 1 when libcurl could be loaded (it is loaded on first use).
int ccurl_available(void);

#endif
