#ifndef CANVASS_CCURL_SHIM_H
#define CANVASS_CCURL_SHIM_H

// libcurl for Swift. curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are C variadics, which Swift
// cannot call, so each argument type gets a static inline wrapper here. Nothing else: the Swift API in
// CanvassTransport is typed and never exposes these.

#include <curl/curl.h>

static inline CURLcode canvass_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode canvass_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode canvass_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode canvass_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode canvass_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*canvass_data_callback)(char *buffer, size_t size, size_t count, void *userdata);

static inline CURLcode canvass_easy_setopt_data_callback(CURL *handle, CURLoption option,
                                                         canvass_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode canvass_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode canvass_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode canvass_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

#endif
