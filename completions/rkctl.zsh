#compdef rkctl

autoload -U is-at-least

_rkctl() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_rkctl_commands" \
"*::: :->rkctl" \
&& ret=0
    case $state in
    (rkctl)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:rkctl-command-$line[1]:"
        case $line[1] in
            (get)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format\: json, yaml, name, wide, jsonpath=..., custom-columns=...]:OUTPUT:_default' \
'--output=[Output format\: json, yaml, name, wide, jsonpath=..., custom-columns=...]:OUTPUT:_default' \
'-l+[Selector (label query) to filter on (e.g. -l key1=value1,key2=value2)]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on (e.g. -l key1=value1,key2=value2)]:SELECTOR:_default' \
'--field-selector=[Selector (field query) to filter on (e.g. --field-selector status.phase=Running)]:FIELD_SELECTOR:_default' \
'*-L+[Labels to print as columns (comma-separated or repeated)]:LABEL_COLUMNS:_default' \
'*--label-columns=[Labels to print as columns (comma-separated or repeated)]:LABEL_COLUMNS:_default' \
'--sort-by=[Sort list types using this JSONPath expression (e.g. '\''{.metadata.name}'\'')]:SORT_BY:_default' \
'--chunk-size=[Return large lists in chunks rather than all at once (0 disables chunking)]:CHUNK_SIZE:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'-A[List the requested object(s) across all namespaces]' \
'--all-namespaces[List the requested object(s) across all namespaces]' \
'--show-labels[Print all labels as the last column]' \
'-w[After listing/getting the requested object, watch for changes]' \
'--watch[After listing/getting the requested object, watch for changes]' \
'--watch-only[Watch for changes to the requested object(s), without listing/getting first]' \
'--no-headers[Don'\''t print headers]' \
'--ignore-not-found[Treat "resource not found" as a successful retrieval]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::resources -- TYPE\[.VERSION\]\[.GROUP\] \[NAME ...\] | TYPE\[.VERSION\]\[.GROUP\]/NAME ...:_default' \
&& ret=0
;;
(apply)
_arguments "${_arguments_options[@]}" : \
'*-f+[The files that contain the configurations to apply (\`-\` for stdin)]:FILENAMES:_default' \
'*--filename=[The files that contain the configurations to apply (\`-\` for stdin)]:FILENAMES:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format\: name]:OUTPUT:_default' \
'--output=[Output format\: name]:OUTPUT:_default' \
'--validate=[Validation\: strict (default), warn, ignore]::VALIDATE:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'-R[Process the directory used in -f, --filename recursively]' \
'--recursive[Process the directory used in -f, --filename recursively]' \
'--server-side[If true, apply runs in the server instead of the client]' \
'--force-conflicts[If true, server-side apply will force the changes against conflicts]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(create)
_arguments "${_arguments_options[@]}" : \
'*-f+[Filename, directory, or URL to files to use]:FILENAMES:_default' \
'*--filename=[Filename, directory, or URL to files to use]:FILENAMES:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format\: name]:OUTPUT:_default' \
'--output=[Output format\: name]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--validate=[Validation\: strict (default), warn, ignore, true, false]::VALIDATE:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'-R[Process the directory used in -f, --filename recursively]' \
'--recursive[Process the directory used in -f, --filename recursively]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(replace)
_arguments "${_arguments_options[@]}" : \
'*-f+[Filename, directory, or URL to files to use]:FILENAMES:_default' \
'*--filename=[Filename, directory, or URL to files to use]:FILENAMES:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format\: name]:OUTPUT:_default' \
'--output=[Output format\: name]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--validate=[Validation\: strict (default), warn, ignore, true, false]::VALIDATE:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'-R[Process the directory used in -f, --filename recursively]' \
'--recursive[Process the directory used in -f, --filename recursively]' \
'--force[Delete and re-create the resource]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(delete)
_arguments "${_arguments_options[@]}" : \
'*-f+[Filename, directory, or URL to files containing the resources to delete]:FILENAMES:_default' \
'*--filename=[Filename, directory, or URL to files containing the resources to delete]:FILENAMES:_default' \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'--field-selector=[Selector (field query) to filter on]:FIELD_SELECTOR:_default' \
'--cascade=["background", "orphan", or "foreground" (true = background, false = orphan)]::CASCADE:_default' \
'--grace-period=[Period of time in seconds given to the resource to terminate gracefully (-1\: default)]:GRACE_PERIOD:_default' \
'--wait=[If true, wait for resources to be gone before returning]::WAIT:(true false)' \
'-o+[Output mode\: name]:OUTPUT:_default' \
'--output=[Output mode\: name]:OUTPUT:_default' \
'--timeout=[The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object]:TIMEOUT:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'-R[Process the directory used in -f, --filename recursively]' \
'--recursive[Process the directory used in -f, --filename recursively]' \
'--all[Delete all resources, in the namespace of the specified resource types]' \
'-A[If present, list the requested object(s) across all namespaces]' \
'--all-namespaces[If present, list the requested object(s) across all namespaces]' \
'--force[If true, immediately remove resources from API and bypass graceful deletion]' \
'--now[If true, resources are signaled for immediate shutdown (same as --grace-period=1)]' \
'--ignore-not-found[Treat "resource not found" as a successful delete]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::resources -- TYPE NAME... | TYPE/NAME...:_default' \
&& ret=0
;;
(label)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'-o+[Output format\: name]:OUTPUT:_default' \
'--output=[Output format\: name]:OUTPUT:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--overwrite[If true, allow labels/annotations to be overwritten]' \
'--all[Select all resources, in the namespace of the specified resource types]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::args -- TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N | TYPE/NAME KEY=VAL ... | KEY-:_default' \
&& ret=0
;;
(annotate)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'-o+[Output format\: name]:OUTPUT:_default' \
'--output=[Output format\: name]:OUTPUT:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--overwrite[If true, allow labels/annotations to be overwritten]' \
'--all[Select all resources, in the namespace of the specified resource types]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::args -- TYPE NAME KEY_1=VAL_1 ... KEY_N=VAL_N | TYPE/NAME KEY=VAL ... | KEY-:_default' \
&& ret=0
;;
(scale)
_arguments "${_arguments_options[@]}" : \
'--replicas=[The new desired number of replicas]:REPLICAS:_default' \
'--current-replicas=[Precondition for current size]:CURRENT_REPLICAS:_default' \
'-o+[Output format\: name]:OUTPUT:_default' \
'--output=[Output format\: name]:OUTPUT:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::resources -- TYPE NAME | TYPE/NAME:_default' \
&& ret=0
;;
(completion)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
':shell:(bash zsh fish powershell)' \
&& ret=0
;;
(__complete)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::words:_default' \
&& ret=0
;;
(describe)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'--show-events=[If true, display events related to the described object]::SHOW_EVENTS:(true false)' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'-A[List the requested object(s) across all namespaces]' \
'--all-namespaces[List the requested object(s) across all namespaces]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::resources -- TYPE \[NAME_PREFIX\] | TYPE/NAME:_default' \
&& ret=0
;;
(auth)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_rkctl__subcmd__auth_commands" \
"*::: :->auth" \
&& ret=0

    case $state in
    (auth)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:rkctl-auth-command-$line[1]:"
        case $line[1] in
            (can-i)
_arguments "${_arguments_options[@]}" : \
'--subresource=[SubResource such as pod/log or deployment/scale]:SUBRESOURCE:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'-A[If true, check the specified action in all namespaces]' \
'--all-namespaces[If true, check the specified action in all namespaces]' \
'-q[If true, suppress output and just return the exit code]' \
'--quiet[If true, suppress output and just return the exit code]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::args -- VERB \[TYPE | TYPE/NAME | NONRESOURCEURL\] \[NAME\]:_default' \
&& ret=0
;;
(whoami)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format\: json or yaml]:OUTPUT:_default' \
'--output=[Output format\: json or yaml]:OUTPUT:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
        esac
    ;;
esac
;;
(cluster-info)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(explain)
_arguments "${_arguments_options[@]}" : \
'--api-version=[Use the given api-version (group/version) of the resource]:API_VERSION:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
':target -- TYPE\[.FIELD…\], e.g. pods.spec.containers:_default' \
&& ret=0
;;
(config)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
":: :_rkctl__subcmd__config_commands" \
"*::: :->config" \
&& ret=0

    case $state in
    (config)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:rkctl-config-command-$line[1]:"
        case $line[1] in
            (view)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format\: yaml or json]:OUTPUT:_default' \
'--output=[Output format\: yaml or json]:OUTPUT:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--minify[Remove all information not used by current-context from the output]' \
'--raw[Display raw byte data and sensitive data]' \
'--flatten[Flatten the resulting kubeconfig file into self-contained output]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(get-contexts)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format. One of\: name]:OUTPUT:_default' \
'--output=[Output format. One of\: name]:OUTPUT:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--no-headers[When using the default or custom-column output format, don'\''t print headers]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::names:_default' \
&& ret=0
;;
(current-context)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(use-context)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
':name:_default' \
&& ret=0
;;
(set-context)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--current[Modify the current context]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'::name:_default' \
&& ret=0
;;
        esac
    ;;
esac
;;
(version)
_arguments "${_arguments_options[@]}" : \
'-o+[One of '\''yaml'\'' or '\''json'\'']:OUTPUT:_default' \
'--output=[One of '\''yaml'\'' or '\''json'\'']:OUTPUT:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--client[If true, shows client version only (no server required)]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(api-resources)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format\: wide or name]:OUTPUT:_default' \
'--output=[Output format\: wide or name]:OUTPUT:_default' \
'--namespaced=[If false, non-namespaced resources will be returned]:NAMESPACED:(true false)' \
'--api-group=[Limit to resources in the specified API group]:API_GROUP:_default' \
'*--verbs=[Limit to resources that support the specified verbs]:VERBS:_default' \
'--sort-by=[Field to sort by\: name or kind]:SORT_BY:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--no-headers[When using the default or custom-column output format, don'\''t print headers]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(api-versions)
_arguments "${_arguments_options[@]}" : \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
'--user=[The name of the kubeconfig user to use]:USER:_default' \
'-n+[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'--namespace=[If present, the namespace scope for this CLI request]:NAMESPACE:_default' \
'-s+[The address and port of the Kubernetes API server]:SERVER:_default' \
'--server=[The address and port of the Kubernetes API server]:SERVER:_default' \
'--token=[Bearer token for authentication to the API server]:TOKEN:_default' \
'--cache-dir=[Default cache directory]:DIR:_files' \
'--request-timeout=[The length of time to wait before giving up on a single server request (e.g. 1s, 2m)]:DURATION:_default' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
        esac
    ;;
esac
}

(( $+functions[_rkctl_commands] )) ||
_rkctl_commands() {
    local commands; commands=(
'get:Display one or many resources' \
'apply:Apply a configuration to a resource by file name or stdin' \
'create:Create a resource from a file or from stdin' \
'replace:Replace a resource by filename or stdin' \
'delete:Delete resources by file names, stdin, resources and names, or by resources and label selector' \
'label:Update the labels on a resource' \
'annotate:Update the annotations on a resource' \
'scale:Set a new size for a deployment, replica set, replication controller, or stateful set' \
'completion:Output shell completion code for the specified shell (bash, zsh, fish, or powershell)' \
'__complete:Completion candidates for the shell scripts (resource types and live names)' \
'describe:Show details of a specific resource or group of resources' \
'auth:Inspect authorization' \
'cluster-info:Display addresses of the control plane and services with label kubernetes.io/cluster-service=true' \
'explain:Get the documentation of a resource or of one of its fields' \
'config:Modify kubeconfig files' \
'version:Print the client and server version information' \
'api-resources:Print the supported API resources on the server' \
'api-versions:Print the supported API versions on the server, in the form of "group/version"' \
    )
    _describe -t commands 'rkctl commands' commands "$@"
}
(( $+functions[_rkctl__subcmd____complete_commands] )) ||
_rkctl__subcmd____complete_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl __complete commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__annotate_commands] )) ||
_rkctl__subcmd__annotate_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl annotate commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__api-resources_commands] )) ||
_rkctl__subcmd__api-resources_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl api-resources commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__api-versions_commands] )) ||
_rkctl__subcmd__api-versions_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl api-versions commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__apply_commands] )) ||
_rkctl__subcmd__apply_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl apply commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__auth_commands] )) ||
_rkctl__subcmd__auth_commands() {
    local commands; commands=(
'can-i:Check whether an action is allowed' \
'whoami:Check self subject attributes' \
    )
    _describe -t commands 'rkctl auth commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__auth__subcmd__can-i_commands] )) ||
_rkctl__subcmd__auth__subcmd__can-i_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl auth can-i commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__auth__subcmd__whoami_commands] )) ||
_rkctl__subcmd__auth__subcmd__whoami_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl auth whoami commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__cluster-info_commands] )) ||
_rkctl__subcmd__cluster-info_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl cluster-info commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__completion_commands] )) ||
_rkctl__subcmd__completion_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl completion commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__config_commands] )) ||
_rkctl__subcmd__config_commands() {
    local commands; commands=(
'view:Display merged kubeconfig settings or a specified kubeconfig file' \
'get-contexts:Describe one or many contexts' \
'current-context:Display the current-context' \
'use-context:Set the current-context in a kubeconfig file' \
'set-context:Set a context entry in kubeconfig' \
    )
    _describe -t commands 'rkctl config commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__config__subcmd__current-context_commands] )) ||
_rkctl__subcmd__config__subcmd__current-context_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl config current-context commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__config__subcmd__get-contexts_commands] )) ||
_rkctl__subcmd__config__subcmd__get-contexts_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl config get-contexts commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__config__subcmd__set-context_commands] )) ||
_rkctl__subcmd__config__subcmd__set-context_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl config set-context commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__config__subcmd__use-context_commands] )) ||
_rkctl__subcmd__config__subcmd__use-context_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl config use-context commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__config__subcmd__view_commands] )) ||
_rkctl__subcmd__config__subcmd__view_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl config view commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create_commands] )) ||
_rkctl__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__delete_commands] )) ||
_rkctl__subcmd__delete_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl delete commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__describe_commands] )) ||
_rkctl__subcmd__describe_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl describe commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__explain_commands] )) ||
_rkctl__subcmd__explain_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl explain commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__get_commands] )) ||
_rkctl__subcmd__get_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl get commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__label_commands] )) ||
_rkctl__subcmd__label_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl label commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__replace_commands] )) ||
_rkctl__subcmd__replace_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl replace commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__scale_commands] )) ||
_rkctl__subcmd__scale_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl scale commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__version_commands] )) ||
_rkctl__subcmd__version_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl version commands' commands "$@"
}

if [ "$funcstack[1]" = "_rkctl" ]; then
    _rkctl "$@"
else
    compdef _rkctl rkctl
fi
