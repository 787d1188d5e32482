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
'--diff[With -w\: print each change as the fields that changed (rk)]' \
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
'--timeout=[With --wait\: how long to wait (e.g. 30s, 5m)]:TIMEOUT:_default' \
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
'--wait[Wait until every applied workload has converged, showing its progress and events (rk)]' \
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
":: :_rkctl__subcmd__create_commands" \
"*::: :->create" \
&& ret=0

    case $state in
    (create)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:rkctl-create-command-$line[1]:"
        case $line[1] in
            (deployment)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--image=[Image names to run. A deployment can have multiple images set for multi-container pod]:IMAGE:_default' \
'-r+[Number of replicas to create. Default is 1]:REPLICAS:_default' \
'--replicas=[Number of replicas to create. Default is 1]:REPLICAS:_default' \
'--port=[The containerPort that this deployment exposes]:PORT:_default' \
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
'::name -- NAME:_default' \
'*::command -- A command and its arguments after `--`:_default' \
&& ret=0
;;
(deploy)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--image=[Image names to run. A deployment can have multiple images set for multi-container pod]:IMAGE:_default' \
'-r+[Number of replicas to create. Default is 1]:REPLICAS:_default' \
'--replicas=[Number of replicas to create. Default is 1]:REPLICAS:_default' \
'--port=[The containerPort that this deployment exposes]:PORT:_default' \
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
'::name -- NAME:_default' \
'*::command -- A command and its arguments after `--`:_default' \
&& ret=0
;;
(configmap)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--from-literal=[Specify a key and literal value to insert (i.e. mykey=somevalue)]:FROM_LITERAL:_default' \
'*--from-file=[Key file can be specified using its file path, or an explicit key=path]:FROM_FILE:_default' \
'*--from-env-file=[Specify the path to a file to read lines of key=val pairs]:FROM_ENV_FILE:_default' \
'--type=[The type of secret to create (secrets only)]:KIND:_default' \
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
'--append-hash[Append a hash of the object to its name]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'::name -- NAME:_default' \
&& ret=0
;;
(cm)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--from-literal=[Specify a key and literal value to insert (i.e. mykey=somevalue)]:FROM_LITERAL:_default' \
'*--from-file=[Key file can be specified using its file path, or an explicit key=path]:FROM_FILE:_default' \
'*--from-env-file=[Specify the path to a file to read lines of key=val pairs]:FROM_ENV_FILE:_default' \
'--type=[The type of secret to create (secrets only)]:KIND:_default' \
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
'--append-hash[Append a hash of the object to its name]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'::name -- NAME:_default' \
&& ret=0
;;
(secret)
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
":: :_rkctl__subcmd__create__subcmd__secret_commands" \
"*::: :->secret" \
&& ret=0

    case $state in
    (secret)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:rkctl-create-secret-command-$line[1]:"
        case $line[1] in
            (generic)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--from-literal=[Specify a key and literal value to insert (i.e. mykey=somevalue)]:FROM_LITERAL:_default' \
'*--from-file=[Key file can be specified using its file path, or an explicit key=path]:FROM_FILE:_default' \
'*--from-env-file=[Specify the path to a file to read lines of key=val pairs]:FROM_ENV_FILE:_default' \
'--type=[The type of secret to create (secrets only)]:KIND:_default' \
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
'--append-hash[Append a hash of the object to its name]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'::name -- NAME:_default' \
&& ret=0
;;
(tls)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--cert=[Path to PEM encoded public key certificate]:CERT:_default' \
'--key=[Path to private key associated with given certificate]:KEY:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(docker-registry)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--docker-server=[]:DOCKER_SERVER:_default' \
'--docker-username=[]:DOCKER_USERNAME:_default' \
'--docker-password=[]:DOCKER_PASSWORD:_default' \
'--docker-email=[]:DOCKER_EMAIL:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
        esac
    ;;
esac
;;
(service)
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
":: :_rkctl__subcmd__create__subcmd__service_commands" \
"*::: :->service" \
&& ret=0

    case $state in
    (service)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:rkctl-create-service-command-$line[1]:"
        case $line[1] in
            (clusterip)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--tcp=[Port pairs can be specified as '\''<port>\:<targetPort>'\'']:TCP:_default' \
'--clusterip=[Assign your own ClusterIP or set to '\''None'\'' for a '\''headless'\'' service (no loadbalancing)]:CLUSTERIP:_default' \
'--node-port=[Port used to expose the service on each node in a cluster]:NODE_PORT:_default' \
'--external-name=[External name of service]:EXTERNAL_NAME:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(nodeport)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--tcp=[Port pairs can be specified as '\''<port>\:<targetPort>'\'']:TCP:_default' \
'--clusterip=[Assign your own ClusterIP or set to '\''None'\'' for a '\''headless'\'' service (no loadbalancing)]:CLUSTERIP:_default' \
'--node-port=[Port used to expose the service on each node in a cluster]:NODE_PORT:_default' \
'--external-name=[External name of service]:EXTERNAL_NAME:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(loadbalancer)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--tcp=[Port pairs can be specified as '\''<port>\:<targetPort>'\'']:TCP:_default' \
'--clusterip=[Assign your own ClusterIP or set to '\''None'\'' for a '\''headless'\'' service (no loadbalancing)]:CLUSTERIP:_default' \
'--node-port=[Port used to expose the service on each node in a cluster]:NODE_PORT:_default' \
'--external-name=[External name of service]:EXTERNAL_NAME:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(externalname)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--tcp=[Port pairs can be specified as '\''<port>\:<targetPort>'\'']:TCP:_default' \
'--clusterip=[Assign your own ClusterIP or set to '\''None'\'' for a '\''headless'\'' service (no loadbalancing)]:CLUSTERIP:_default' \
'--node-port=[Port used to expose the service on each node in a cluster]:NODE_PORT:_default' \
'--external-name=[External name of service]:EXTERNAL_NAME:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
        esac
    ;;
esac
;;
(svc)
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
":: :_rkctl__subcmd__create__subcmd__service_commands" \
"*::: :->service" \
&& ret=0

    case $state in
    (service)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:rkctl-create-service-command-$line[1]:"
        case $line[1] in
            (clusterip)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--tcp=[Port pairs can be specified as '\''<port>\:<targetPort>'\'']:TCP:_default' \
'--clusterip=[Assign your own ClusterIP or set to '\''None'\'' for a '\''headless'\'' service (no loadbalancing)]:CLUSTERIP:_default' \
'--node-port=[Port used to expose the service on each node in a cluster]:NODE_PORT:_default' \
'--external-name=[External name of service]:EXTERNAL_NAME:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(nodeport)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--tcp=[Port pairs can be specified as '\''<port>\:<targetPort>'\'']:TCP:_default' \
'--clusterip=[Assign your own ClusterIP or set to '\''None'\'' for a '\''headless'\'' service (no loadbalancing)]:CLUSTERIP:_default' \
'--node-port=[Port used to expose the service on each node in a cluster]:NODE_PORT:_default' \
'--external-name=[External name of service]:EXTERNAL_NAME:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(loadbalancer)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--tcp=[Port pairs can be specified as '\''<port>\:<targetPort>'\'']:TCP:_default' \
'--clusterip=[Assign your own ClusterIP or set to '\''None'\'' for a '\''headless'\'' service (no loadbalancing)]:CLUSTERIP:_default' \
'--node-port=[Port used to expose the service on each node in a cluster]:NODE_PORT:_default' \
'--external-name=[External name of service]:EXTERNAL_NAME:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(externalname)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--tcp=[Port pairs can be specified as '\''<port>\:<targetPort>'\'']:TCP:_default' \
'--clusterip=[Assign your own ClusterIP or set to '\''None'\'' for a '\''headless'\'' service (no loadbalancing)]:CLUSTERIP:_default' \
'--node-port=[Port used to expose the service on each node in a cluster]:NODE_PORT:_default' \
'--external-name=[External name of service]:EXTERNAL_NAME:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
        esac
    ;;
esac
;;
(namespace)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(ns)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(serviceaccount)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(sa)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(job)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--image=[Image name to run]:IMAGE:_default' \
'--from=[The name of the resource to create a Job from (only cronjob is supported)]:FROM:_default' \
'--schedule=[A schedule in the Cron format the job should be run with (cron jobs)]:SCHEDULE:_default' \
'--restart=[job'\''s restart policy (cron jobs)\: OnFailure, Never]:RESTART:_default' \
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
'::name -- NAME:_default' \
'*::command -- A command and its arguments after `--`:_default' \
&& ret=0
;;
(cronjob)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--image=[Image name to run]:IMAGE:_default' \
'--from=[The name of the resource to create a Job from (only cronjob is supported)]:FROM:_default' \
'--schedule=[A schedule in the Cron format the job should be run with (cron jobs)]:SCHEDULE:_default' \
'--restart=[job'\''s restart policy (cron jobs)\: OnFailure, Never]:RESTART:_default' \
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
'::name -- NAME:_default' \
'*::command -- A command and its arguments after `--`:_default' \
&& ret=0
;;
(cj)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--image=[Image name to run]:IMAGE:_default' \
'--from=[The name of the resource to create a Job from (only cronjob is supported)]:FROM:_default' \
'--schedule=[A schedule in the Cron format the job should be run with (cron jobs)]:SCHEDULE:_default' \
'--restart=[job'\''s restart policy (cron jobs)\: OnFailure, Never]:RESTART:_default' \
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
'::name -- NAME:_default' \
'*::command -- A command and its arguments after `--`:_default' \
&& ret=0
;;
(role)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--verb=[Verb that applies to the resources contained in the rule]:VERB:_default' \
'*--resource=[Resource that the rule applies to]:RESOURCE:_default' \
'*--resource-name=[Resource in the white list that the rule applies to]:RESOURCE_NAME:_default' \
'*--non-resource-url=[A partial url that user should have access to (cluster roles)]:NON_RESOURCE_URL:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(clusterrole)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--verb=[Verb that applies to the resources contained in the rule]:VERB:_default' \
'*--resource=[Resource that the rule applies to]:RESOURCE:_default' \
'*--resource-name=[Resource in the white list that the rule applies to]:RESOURCE_NAME:_default' \
'*--non-resource-url=[A partial url that user should have access to (cluster roles)]:NON_RESOURCE_URL:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(rolebinding)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--clusterrole=[ClusterRole this binding should reference]:CLUSTERROLE:_default' \
'--role=[Role this RoleBinding should reference]:ROLE:_default' \
'*--user=[Usernames to bind to the role]:USER:_default' \
'*--group=[Groups to bind to the role]:GROUP:_default' \
'*--serviceaccount=[Service accounts to bind to the role, in the format <namespace>\:<name>]:SERVICEACCOUNT:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(clusterrolebinding)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--clusterrole=[ClusterRole this binding should reference]:CLUSTERROLE:_default' \
'--role=[Role this RoleBinding should reference]:ROLE:_default' \
'*--user=[Usernames to bind to the role]:USER:_default' \
'*--group=[Groups to bind to the role]:GROUP:_default' \
'*--serviceaccount=[Service accounts to bind to the role, in the format <namespace>\:<name>]:SERVICEACCOUNT:_default' \
'--kubeconfig=[Path to the kubeconfig file to use for CLI requests]:PATH:_files' \
'--context=[The name of the kubeconfig context to use]:CONTEXT:_default' \
'--cluster=[The name of the kubeconfig cluster to use]:CLUSTER:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(poddisruptionbudget)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--selector=[A label selector to use for this budget]:SELECTOR:_default' \
'--min-available=[The minimum number or percentage of available pods]:MIN_AVAILABLE:_default' \
'--max-unavailable=[The maximum number or percentage of unavailable pods]:MAX_UNAVAILABLE:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(pdb)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--selector=[A label selector to use for this budget]:SELECTOR:_default' \
'--min-available=[The minimum number or percentage of available pods]:MIN_AVAILABLE:_default' \
'--max-unavailable=[The maximum number or percentage of unavailable pods]:MAX_UNAVAILABLE:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(priorityclass)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--value=[]:VALUE:_default' \
'--global-default=[]::GLOBAL_DEFAULT:(true false)' \
'--description=[]:DESCRIPTION:_default' \
'--preemption-policy=[]:PREEMPTION_POLICY:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(pc)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--value=[]:VALUE:_default' \
'--global-default=[]::GLOBAL_DEFAULT:(true false)' \
'--description=[]:DESCRIPTION:_default' \
'--preemption-policy=[]:PREEMPTION_POLICY:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(quota)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--hard=[A comma-delimited set of resource=quantity pairs]:HARD:_default' \
'--scopes=[A comma-delimited set of quota scopes]:SCOPES:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(resourcequota)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'--hard=[A comma-delimited set of resource=quantity pairs]:HARD:_default' \
'--scopes=[A comma-delimited set of quota scopes]:SCOPES:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(ingress)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--rule=[Rule in format host/path=service\:port\[,tls=secretname\]]:RULE:_default' \
'--class=[Ingress Class to be used]:CLASS:_default' \
'--default-backend=[Default service for backend, in format of svcname\:port]:DEFAULT_BACKEND:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(ing)
_arguments "${_arguments_options[@]}" : \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
'*--rule=[Rule in format host/path=service\:port\[,tls=secretname\]]:RULE:_default' \
'--class=[Ingress Class to be used]:CLASS:_default' \
'--default-backend=[Default service for backend, in format of svcname\:port]:DEFAULT_BACKEND:_default' \
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
'::name -- NAME:_default' \
&& ret=0
;;
(token)
_arguments "${_arguments_options[@]}" : \
'--duration=[Requested lifetime of the issued token]:DURATION:_default' \
'*--audience=[Audience of the requested token]:AUDIENCE:_default' \
'--bound-object-kind=[Kind of an object to bind the token to (Pod, Secret, Node)]:BOUND_OBJECT_KIND:_default' \
'--bound-object-name=[Name of an object to bind the token to]:BOUND_OBJECT_NAME:_default' \
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
'::name -- SERVICE_ACCOUNT_NAME:_default' \
&& ret=0
;;
        esac
    ;;
esac
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
(__complete-refresh)
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
':resource:_default' \
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
(why)
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
'-A[Look in every namespace (with TYPE alone)]' \
'--all-namespaces[Look in every namespace (with TYPE alone)]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::resources -- TYPE/NAME, TYPE NAME, or TYPE alone for every object of that type that has a problem:_default' \
&& ret=0
;;
(debug)
_arguments "${_arguments_options[@]}" : \
'--image=[With --shell\: the debugging pod'\''s image]:IMAGE:_default' \
'--pod-running-timeout=[With --shell\: how long to wait for the pod to run (e.g. 30s, 2m)]:POD_RUNNING_TIMEOUT:_default' \
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
'--shell[Create a privileged pod on the node, with the host'\''s filesystem at /host, and open a shell in it (or run the command given after \`--\`)]' \
'--rm[With --shell\: delete the debugging pod when the shell exits]' \
'-i[With --shell and a command\: pass stdin to it (a shell without a command always reads stdin; a script piped to it is read to its end first and run with \`sh -c\`)]' \
'--stdin[With --shell and a command\: pass stdin to it (a shell without a command always reads stdin; a script piped to it is read to its end first and run with \`sh -c\`)]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::target -- node/NAME (or `node NAME`):_default' \
&& ret=0
;;
(tree)
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
'*::resources -- TYPE/NAME or TYPE NAME:_default' \
&& ret=0
;;
(patch)
_arguments "${_arguments_options[@]}" : \
'-p+[The patch to be applied to the resource JSON file]:PATCH:_default' \
'--patch=[The patch to be applied to the resource JSON file]:PATCH:_default' \
'--patch-file=[A file containing a patch to be applied to the resource]:PATCH_FILE:_default' \
'--type=[The type of patch being provided; one of \[json merge strategic\]]:KIND:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'--subresource=[If specified, patch will operate on the subresource of the requested object]:SUBRESOURCE:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
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
'*::resources -- (TYPE NAME | TYPE/NAME):_default' \
&& ret=0
;;
(rollout)
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
":: :_rkctl__subcmd__rollout_commands" \
"*::: :->rollout" \
&& ret=0

    case $state in
    (rollout)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:rkctl-rollout-command-$line[1]:"
        case $line[1] in
            (status)
_arguments "${_arguments_options[@]}" : \
'-w+[Watch the status of the rollout until it'\''s done]::WATCH:(true false)' \
'--watch=[Watch the status of the rollout until it'\''s done]::WATCH:(true false)' \
'--revision=[Pin to a specific revision for showing its status]:REVISION:_default' \
'--timeout=[The length of time to wait before ending watch, zero means never (e.g. 5s, 2m)]:TIMEOUT:_default' \
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
'*::resources -- (TYPE NAME | TYPE/NAME):_default' \
&& ret=0
;;
(history)
_arguments "${_arguments_options[@]}" : \
'--revision=[See the details, including podTemplate of the revision specified]:REVISION:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
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
'*::resources -- (TYPE NAME | TYPE/NAME):_default' \
&& ret=0
;;
(undo)
_arguments "${_arguments_options[@]}" : \
'--to-revision=[The revision to rollback to. Default to 0 (last revision)]:TO_REVISION:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
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
'*::resources -- (TYPE NAME | TYPE/NAME):_default' \
&& ret=0
;;
(restart)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
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
'*::resources -- (TYPE NAME | TYPE/NAME):_default' \
&& ret=0
;;
(pause)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
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
'*::resources -- (TYPE NAME | TYPE/NAME):_default' \
&& ret=0
;;
(resume)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
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
'*::resources -- (TYPE NAME | TYPE/NAME):_default' \
&& ret=0
;;
        esac
    ;;
esac
;;
(set)
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
":: :_rkctl__subcmd__set_commands" \
"*::: :->set" \
&& ret=0

    case $state in
    (set)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:rkctl-set-command-$line[1]:"
        case $line[1] in
            (image)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
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
'*::args -- (TYPE NAME | TYPE/NAME) followed by what to set:_default' \
&& ret=0
;;
(env)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-c+[The names of containers in the selected pod templates to change]:CONTAINERS:_default' \
'--containers=[The names of containers in the selected pod templates to change]:CONTAINERS:_default' \
'*-e+[Specify a key-value pair for an environment variable to set into each container]:ENV:_default' \
'*--env=[Specify a key-value pair for an environment variable to set into each container]:ENV:_default' \
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
'--list[Display the environment and any changes in the standard format]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::args -- (TYPE NAME | TYPE/NAME) followed by what to set:_default' \
&& ret=0
;;
(resources)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-c+[The names of containers in the selected pod templates to change]:CONTAINERS:_default' \
'--containers=[The names of containers in the selected pod templates to change]:CONTAINERS:_default' \
'--limits=[The resource requirement limits for this container (cpu=100m,memory=256Mi)]:LIMITS:_default' \
'--requests=[The resource requirement requests for this container]:REQUESTS:_default' \
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
'*::args -- (TYPE NAME | TYPE/NAME) followed by what to set:_default' \
&& ret=0
;;
(selector)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
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
'*::args -- (TYPE NAME | TYPE/NAME) followed by what to set:_default' \
&& ret=0
;;
(serviceaccount)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
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
'*::args -- (TYPE NAME | TYPE/NAME) followed by what to set:_default' \
&& ret=0
;;
(sa)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
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
'*::args -- (TYPE NAME | TYPE/NAME) followed by what to set:_default' \
&& ret=0
;;
        esac
    ;;
esac
;;
(cordon)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
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
'*::nodes -- NODE:_default' \
&& ret=0
;;
(uncordon)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
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
'*::nodes -- NODE:_default' \
&& ret=0
;;
(drain)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'--timeout=[The length of time to wait before giving up, zero means infinite]:TIMEOUT:_default' \
'--grace-period=[Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used]:GRACE_PERIOD:_default' \
'--pod-selector=[Label selector to filter pods on the node]:POD_SELECTOR:_default' \
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
'--ignore-daemonsets[Ignore DaemonSet-managed pods]' \
'--delete-emptydir-data[Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained)]' \
'--force[Continue even if there are pods that do not declare a controller]' \
'--disable-eviction[Force drain to use delete, even if eviction is supported]' \
'--progress[Print progress\: the pods to evict, each one evicted, the PodDisruptionBudget a pod waits on, and the end state (rk)]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::nodes -- NODE:_default' \
&& ret=0
;;
(taint)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
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
'--overwrite[If true, allow taints to be overwritten]' \
'--all[Select all nodes in the cluster]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::args -- NODE|node NODE KEY_1=VAL_1\:TAINT_EFFECT_1 ... | KEY\:TAINT_EFFECT- | KEY-:_default' \
&& ret=0
;;
(wait)
_arguments "${_arguments_options[@]}" : \
'--for=[The condition to wait on\: \[create|delete|condition=condition-name\[=condition-value\]|jsonpath='\''{JSONPath expression}'\''=\[JSONPath value\]\]]:CONDITION:_default' \
'--timeout=[The length of time to wait before giving up. Zero means check once and don'\''t wait]:TIMEOUT:_default' \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
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
'--all[Select all resources in the namespace of the specified resource types]' \
'-A[If present, list the requested object(s) across all namespaces]' \
'--all-namespaces[If present, list the requested object(s) across all namespaces]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::resources -- (TYPE NAME | TYPE/NAME | TYPE -l selector | TYPE --all):_default' \
&& ret=0
;;
(events)
_arguments "${_arguments_options[@]}" : \
'--for=[Filter events to only those pertaining to the specified resource (TYPE/NAME)]:FOR_OBJECT:_default' \
'*--types=[Output only events of given types (Normal, Warning)]:TYPES:_default' \
'-o+[Output format\: json|yaml]:OUTPUT:_default' \
'--output=[Output format\: json|yaml]:OUTPUT:_default' \
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
'-A[If present, list the requested object(s) across all namespaces]' \
'--all-namespaces[If present, list the requested object(s) across all namespaces]' \
'-w[After listing the requested events, watch for more events]' \
'--watch[After listing the requested events, watch for more events]' \
'--no-headers[When using the default output format, don'\''t print headers]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
(run)
_arguments "${_arguments_options[@]}" : \
'--image=[The image for the container to run]:IMAGE:_default' \
'--port=[The port that this container exposes]:PORT:_default' \
'-l+[Comma separated labels to apply to the pod. Will override previous values]:LABELS:_default' \
'--labels=[Comma separated labels to apply to the pod. Will override previous values]:LABELS:_default' \
'*--env=[Environment variables to set in the container]:ENV:_default' \
'--restart=[The restart policy for this Pod. Legal values \[Always, OnFailure, Never\]]:RESTART:_default' \
'--image-pull-policy=[The image pull policy for the container]:IMAGE_PULL_POLICY:_default' \
'*--annotations=[Annotations to apply to the pod]:ANNOTATIONS:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
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
'--command[If true and extra arguments are present, use them as the '\''command'\'' field in the container]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'::name -- NAME:_default' \
'*::args -- Arguments (or with --command, the command) after `--`:_default' \
&& ret=0
;;
(logs)
_arguments "${_arguments_options[@]}" : \
'-c+[Print the logs of this container]:CONTAINER:_default' \
'--container=[Print the logs of this container]:CONTAINER:_default' \
'--all-containers=[Get all containers'\'' logs in the pod(s)]::ALL_CONTAINERS:(true false)' \
'--all-pods=[Get logs from all pod(s). Sets prefix to true]::ALL_PODS:(true false)' \
'-f+[Specify if the logs should be streamed]::FOLLOW:(true false)' \
'--follow=[Specify if the logs should be streamed]::FOLLOW:(true false)' \
'--tail=[Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided]:TAIL:_default' \
'--since=[Only return logs newer than a relative duration like 5s, 2m, or 3h]:SINCE:_default' \
'--since-time=[Only return logs after a specific date (RFC3339)]:SINCE_TIME:_default' \
'--timestamps=[Include timestamps on each line in the log output]::TIMESTAMPS:(true false)' \
'-p+[If true, print the logs for the previous instance of the container in a pod if it exists]::PREVIOUS:(true false)' \
'--previous=[If true, print the logs for the previous instance of the container in a pod if it exists]::PREVIOUS:(true false)' \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'--prefix=[Prefix each log line with the log source (pod name and container name)]::PREFIX:(true false)' \
'--max-log-requests=[Specify maximum number of concurrent logs to follow when using by a selector]:MAX_LOG_REQUESTS:_default' \
'--limit-bytes=[Maximum bytes of logs to return. Defaults to no limit]:LIMIT_BYTES:_default' \
'--ignore-errors=[If watching / following pod logs, allow for any errors that occur to be non-fatal]::IGNORE_ERRORS:(true false)' \
'--insecure-skip-tls-verify-backend=[Skip verifying the identity of the kubelet that logs are requested from]::INSECURE_SKIP_TLS_VERIFY_BACKEND:(true false)' \
'--pod-running-timeout=[The length of time to wait until at least one pod is running]:POD_RUNNING_TIMEOUT:_default' \
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
'--no-color[Never colour the prefixes (they are coloured per pod on a terminal unless NO_COLOR is set)]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'*::args -- POD | TYPE/NAME, optionally followed by the container name:_default' \
&& ret=0
;;
(expose)
_arguments "${_arguments_options[@]}" : \
'--port=[The port that the service should serve on]:PORT:_default' \
'--target-port=[Name or number for the port on the container that the service should direct traffic to]:TARGET_PORT:_default' \
'--name=[The name for the newly created object]:NAME:_default' \
'--type=[Type for this service\: ClusterIP, NodePort, LoadBalancer, or ExternalName]:KIND:_default' \
'--protocol=[The network protocol for the service to be created]:PROTOCOL:_default' \
'--selector=[A label selector to use for this service]:SELECTOR:_default' \
'-l+[Labels to apply to the service created by this call]:LABELS:_default' \
'--labels=[Labels to apply to the service created by this call]:LABELS:_default' \
'--cluster-ip=[ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to '\''None'\'' to create a headless service]:CLUSTER_IP:_default' \
'--dry-run=[Must be "none", "server", or "client"]::DRY_RUN:_default' \
'-o+[Output format]:OUTPUT:_default' \
'--output=[Output format]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
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
'*::resources -- (TYPE NAME | TYPE/NAME):_default' \
&& ret=0
;;
(image)
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
":: :_rkctl__subcmd__image_commands" \
"*::: :->image" \
&& ret=0

    case $state in
    (image)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:rkctl-image-command-$line[1]:"
        case $line[1] in
            (load)
_arguments "${_arguments_options[@]}" : \
'--node=[Only this node (default\: every Ready node)]:NODE:_default' \
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
':file -- The archive (FILE.tar):_default' \
&& ret=0
;;
        esac
    ;;
esac
;;
(edit)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format for the file to edit\: yaml (default) or json]:OUTPUT:_default' \
'--output=[Output format for the file to edit\: yaml (default) or json]:OUTPUT:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
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
'*::args -- TYPE NAME or TYPE/NAME:_default' \
&& ret=0
;;
(diff)
_arguments "${_arguments_options[@]}" : \
'*-f+[Filename, directory, or URL to files contains the configuration to diff]:FILENAMES:_default' \
'*--filename=[Filename, directory, or URL to files contains the configuration to diff]:FILENAMES:_default' \
'--field-manager=[Name of the manager used to track field ownership]:FIELD_MANAGER:_default' \
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
(exec)
_arguments "${_arguments_options[@]}" : \
'-c+[Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen]:CONTAINER:_default' \
'--container=[Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen]:CONTAINER:_default' \
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
'-i[Pass stdin to the container]' \
'--stdin[Pass stdin to the container]' \
'-t[Stdin is a TTY]' \
'--tty[Stdin is a TTY]' \
'-q[Only print output from the remote session]' \
'--quiet[Only print output from the remote session]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
':pod -- The pod (NAME or TYPE/NAME\: deploy/x, svc/x, rs/x, sts/x, ds/x, job/x, rc/x):_default' \
'*::command -- The command and its arguments, after `--`:_default' \
&& ret=0
;;
(attach)
_arguments "${_arguments_options[@]}" : \
'-c+[Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen]:CONTAINER:_default' \
'--container=[Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen]:CONTAINER:_default' \
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
'-i[Pass stdin to the container]' \
'--stdin[Pass stdin to the container]' \
'-t[Stdin is a TTY]' \
'--tty[Stdin is a TTY]' \
'-q[Only print output from the remote session]' \
'--quiet[Only print output from the remote session]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
':pod -- The pod (NAME or TYPE/NAME):_default' \
&& ret=0
;;
(port-forward)
_arguments "${_arguments_options[@]}" : \
'*--address=[Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value]:ADDRESS:_default' \
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
':target -- The pod or TYPE/NAME (svc/x, deploy/x, rs/x, sts/x, ds/x, job/x, rc/x):_default' \
'*::ports -- \[LOCAL_PORT\:\]REMOTE_PORT, or \:REMOTE_PORT for a random local port:_default' \
&& ret=0
;;
(cp)
_arguments "${_arguments_options[@]}" : \
'-c+[Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen]:CONTAINER:_default' \
'--container=[Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen]:CONTAINER:_default' \
'--retries=[Accepted for kubectl compatibility (transfers are not resumed)]:RETRIES:_default' \
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
'--no-preserve[The copied file/directory'\''s ownership and permissions will not be preserved in the container]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
':src -- Source\: a local path or \[NAMESPACE/\]POD\:PATH:_default' \
':dest -- Destination\: a local path or \[NAMESPACE/\]POD\:PATH:_default' \
&& ret=0
;;
(top)
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
":: :_rkctl__subcmd__top_commands" \
"*::: :->top" \
&& ret=0

    case $state in
    (top)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:rkctl-top-command-$line[1]:"
        case $line[1] in
            (pod)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'--sort-by=[Sort by cpu or memory]:SORT_BY:_default' \
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
'--containers[Print usage of containers within a pod]' \
'--no-headers[If present, print output without headers]' \
'--sum[Print the sum of the resource usage]' \
'-A[List the requested object(s) across all namespaces]' \
'--all-namespaces[List the requested object(s) across all namespaces]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'::name -- Only this pod:_default' \
&& ret=0
;;
(pods)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'--sort-by=[Sort by cpu or memory]:SORT_BY:_default' \
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
'--containers[Print usage of containers within a pod]' \
'--no-headers[If present, print output without headers]' \
'--sum[Print the sum of the resource usage]' \
'-A[List the requested object(s) across all namespaces]' \
'--all-namespaces[List the requested object(s) across all namespaces]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'::name -- Only this pod:_default' \
&& ret=0
;;
(po)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'--sort-by=[Sort by cpu or memory]:SORT_BY:_default' \
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
'--containers[Print usage of containers within a pod]' \
'--no-headers[If present, print output without headers]' \
'--sum[Print the sum of the resource usage]' \
'-A[List the requested object(s) across all namespaces]' \
'--all-namespaces[List the requested object(s) across all namespaces]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'::name -- Only this pod:_default' \
&& ret=0
;;
(node)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'--sort-by=[Sort by cpu or memory]:SORT_BY:_default' \
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
'--no-headers[If present, print output without headers]' \
'--show-capacity[Print node resources based on Capacity instead of Allocatable (default) of the nodes]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'::name -- Only this node:_default' \
&& ret=0
;;
(nodes)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'--sort-by=[Sort by cpu or memory]:SORT_BY:_default' \
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
'--no-headers[If present, print output without headers]' \
'--show-capacity[Print node resources based on Capacity instead of Allocatable (default) of the nodes]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'::name -- Only this node:_default' \
&& ret=0
;;
(no)
_arguments "${_arguments_options[@]}" : \
'-l+[Selector (label query) to filter on]:SELECTOR:_default' \
'--selector=[Selector (label query) to filter on]:SELECTOR:_default' \
'--sort-by=[Sort by cpu or memory]:SORT_BY:_default' \
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
'--no-headers[If present, print output without headers]' \
'--show-capacity[Print node resources based on Capacity instead of Allocatable (default) of the nodes]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
'::name -- Only this node:_default' \
&& ret=0
;;
        esac
    ;;
esac
;;
(plugin)
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
":: :_rkctl__subcmd__plugin_commands" \
"*::: :->plugin" \
&& ret=0

    case $state in
    (plugin)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:rkctl-plugin-command-$line[1]:"
        case $line[1] in
            (list)
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
'--name-only[If true, display only the binary name of each plugin, rather than its full path]' \
'--insecure-skip-tls-verify[If true, the server'\''s certificate will not be checked for validity]' \
'-h[Print help]' \
'--help[Print help]' \
&& ret=0
;;
        esac
    ;;
esac
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
'__complete-refresh:Renews one cache of names for completion (started detached by \`__complete\`)' \
'describe:Show details of a specific resource or group of resources' \
'auth:Inspect authorization' \
'cluster-info:Display addresses of the control plane and services with label kubernetes.io/cluster-service=true' \
'explain:Get the documentation of a resource or of one of its fields' \
'config:Modify kubeconfig files' \
'version:Print the client and server version information' \
'api-resources:Print the supported API resources on the server' \
'api-versions:Print the supported API versions on the server, in the form of "group/version"' \
'why:Explain why an object is not what it should be\: Pending, not starting, restarting, not Ready, a stuck rollout, a deletion that hangs, a drain that waits — and what to run next' \
'debug:Show a node at a glance (conditions, resources, pods, events, the agent'\''s health), or open a shell in a privileged pod on it with --shell' \
'tree:Show an object and everything it owns, with each one'\''s readiness' \
'patch:Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch' \
'rollout:Manage the rollout of a resource' \
'set:Set specific features on objects' \
'cordon:Mark node as unschedulable' \
'uncordon:Mark node as schedulable' \
'drain:Drain node in preparation for maintenance' \
'taint:Update the taints on one or more nodes' \
'wait:Experimental\: wait for a specific condition on one or many resources' \
'events:List events' \
'run:Create and run a particular image in a pod' \
'logs:Print the logs for a container in a pod or specified resource; for a workload, service or selector\: every pod, prefixed and coloured, following new pods with -f' \
'expose:Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service' \
'image:Manage images on the nodes (rk)\: \`image load FILE.tar \[--node NAME\]\`' \
'edit:Edit a resource on the server with KUBE_EDITOR or EDITOR (vi by default)' \
'diff:Diff the live version against what would be applied (exit 0\: none, 1\: differences, >1\: error)' \
'exec:Execute a command in a container' \
'attach:Attach to a process that is already running inside an existing container' \
'port-forward:Forward one or more local ports to a pod; for services and workloads, durably (a replaced pod'\''s successor takes over)' \
'cp:Copy files and directories to and from containers' \
'top:Display resource (CPU/memory) usage of pods or nodes (metrics.k8s.io)' \
'plugin:Provides utilities for interacting with plugins (rkctl-NAME or kubectl-NAME on PATH)' \
    )
    _describe -t commands 'rkctl commands' commands "$@"
}
(( $+functions[_rkctl__subcmd____complete_commands] )) ||
_rkctl__subcmd____complete_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl __complete commands' commands "$@"
}
(( $+functions[_rkctl__subcmd____complete-refresh_commands] )) ||
_rkctl__subcmd____complete-refresh_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl __complete-refresh commands' commands "$@"
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
(( $+functions[_rkctl__subcmd__attach_commands] )) ||
_rkctl__subcmd__attach_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl attach commands' commands "$@"
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
(( $+functions[_rkctl__subcmd__cordon_commands] )) ||
_rkctl__subcmd__cordon_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl cordon commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__cp_commands] )) ||
_rkctl__subcmd__cp_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl cp commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create_commands] )) ||
_rkctl__subcmd__create_commands() {
    local commands; commands=(
'deployment:Create a deployment with the specified name' \
'deploy:Create a deployment with the specified name' \
'configmap:Create a config map from a local file, directory or literal value' \
'cm:Create a config map from a local file, directory or literal value' \
'secret:Create a secret using a specified subcommand' \
'service:Create a service using a specified subcommand' \
'svc:Create a service using a specified subcommand' \
'namespace:Create a namespace with the specified name' \
'ns:Create a namespace with the specified name' \
'serviceaccount:Create a service account with the specified name' \
'sa:Create a service account with the specified name' \
'job:Create a job with the specified name' \
'cronjob:Create a cron job with the specified name' \
'cj:Create a cron job with the specified name' \
'role:Create a role with single rule' \
'clusterrole:Create a cluster role' \
'rolebinding:Create a role binding for a particular role or cluster role' \
'clusterrolebinding:Create a cluster role binding for a particular cluster role' \
'poddisruptionbudget:Create a pod disruption budget with the specified name' \
'pdb:Create a pod disruption budget with the specified name' \
'priorityclass:Create a priority class with the specified name' \
'pc:Create a priority class with the specified name' \
'quota:Create a quota with the specified name' \
'resourcequota:Create a quota with the specified name' \
'ingress:Create an ingress with the specified name' \
'ing:Create an ingress with the specified name' \
'token:Request a service account token' \
    )
    _describe -t commands 'rkctl create commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__clusterrole_commands] )) ||
_rkctl__subcmd__create__subcmd__clusterrole_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create clusterrole commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__clusterrolebinding_commands] )) ||
_rkctl__subcmd__create__subcmd__clusterrolebinding_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create clusterrolebinding commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__configmap_commands] )) ||
_rkctl__subcmd__create__subcmd__configmap_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create configmap commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__cronjob_commands] )) ||
_rkctl__subcmd__create__subcmd__cronjob_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create cronjob commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__deployment_commands] )) ||
_rkctl__subcmd__create__subcmd__deployment_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create deployment commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__ingress_commands] )) ||
_rkctl__subcmd__create__subcmd__ingress_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create ingress commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__job_commands] )) ||
_rkctl__subcmd__create__subcmd__job_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create job commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__namespace_commands] )) ||
_rkctl__subcmd__create__subcmd__namespace_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create namespace commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__poddisruptionbudget_commands] )) ||
_rkctl__subcmd__create__subcmd__poddisruptionbudget_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create poddisruptionbudget commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__priorityclass_commands] )) ||
_rkctl__subcmd__create__subcmd__priorityclass_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create priorityclass commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__quota_commands] )) ||
_rkctl__subcmd__create__subcmd__quota_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create quota commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__role_commands] )) ||
_rkctl__subcmd__create__subcmd__role_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create role commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__rolebinding_commands] )) ||
_rkctl__subcmd__create__subcmd__rolebinding_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create rolebinding commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__secret_commands] )) ||
_rkctl__subcmd__create__subcmd__secret_commands() {
    local commands; commands=(
'generic:Create a secret from a local file, directory, or literal value' \
'tls:Create a TLS secret' \
'docker-registry:Create a secret for use with a Docker registry' \
    )
    _describe -t commands 'rkctl create secret commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__secret__subcmd__docker-registry_commands] )) ||
_rkctl__subcmd__create__subcmd__secret__subcmd__docker-registry_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create secret docker-registry commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__secret__subcmd__generic_commands] )) ||
_rkctl__subcmd__create__subcmd__secret__subcmd__generic_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create secret generic commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__secret__subcmd__tls_commands] )) ||
_rkctl__subcmd__create__subcmd__secret__subcmd__tls_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create secret tls commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__service_commands] )) ||
_rkctl__subcmd__create__subcmd__service_commands() {
    local commands; commands=(
'clusterip:Create a ClusterIP service' \
'nodeport:Create a NodePort service' \
'loadbalancer:Create a LoadBalancer service' \
'externalname:Create an ExternalName service' \
    )
    _describe -t commands 'rkctl create service commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__service__subcmd__clusterip_commands] )) ||
_rkctl__subcmd__create__subcmd__service__subcmd__clusterip_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create service clusterip commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__service__subcmd__externalname_commands] )) ||
_rkctl__subcmd__create__subcmd__service__subcmd__externalname_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create service externalname commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__service__subcmd__loadbalancer_commands] )) ||
_rkctl__subcmd__create__subcmd__service__subcmd__loadbalancer_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create service loadbalancer commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__service__subcmd__nodeport_commands] )) ||
_rkctl__subcmd__create__subcmd__service__subcmd__nodeport_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create service nodeport commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__serviceaccount_commands] )) ||
_rkctl__subcmd__create__subcmd__serviceaccount_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create serviceaccount commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__create__subcmd__token_commands] )) ||
_rkctl__subcmd__create__subcmd__token_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl create token commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__debug_commands] )) ||
_rkctl__subcmd__debug_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl debug commands' commands "$@"
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
(( $+functions[_rkctl__subcmd__diff_commands] )) ||
_rkctl__subcmd__diff_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl diff commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__drain_commands] )) ||
_rkctl__subcmd__drain_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl drain commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__edit_commands] )) ||
_rkctl__subcmd__edit_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl edit commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__events_commands] )) ||
_rkctl__subcmd__events_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl events commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__exec_commands] )) ||
_rkctl__subcmd__exec_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl exec commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__explain_commands] )) ||
_rkctl__subcmd__explain_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl explain commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__expose_commands] )) ||
_rkctl__subcmd__expose_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl expose commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__get_commands] )) ||
_rkctl__subcmd__get_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl get commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__image_commands] )) ||
_rkctl__subcmd__image_commands() {
    local commands; commands=(
'load:Import an image archive (docker save / OCI layout tar) into the nodes'\'' container runtime' \
    )
    _describe -t commands 'rkctl image commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__image__subcmd__load_commands] )) ||
_rkctl__subcmd__image__subcmd__load_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl image load commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__label_commands] )) ||
_rkctl__subcmd__label_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl label commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__logs_commands] )) ||
_rkctl__subcmd__logs_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl logs commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__patch_commands] )) ||
_rkctl__subcmd__patch_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl patch commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__plugin_commands] )) ||
_rkctl__subcmd__plugin_commands() {
    local commands; commands=(
'list:List all visible plugin executables on a user'\''s PATH' \
    )
    _describe -t commands 'rkctl plugin commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__plugin__subcmd__list_commands] )) ||
_rkctl__subcmd__plugin__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl plugin list commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__port-forward_commands] )) ||
_rkctl__subcmd__port-forward_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl port-forward commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__replace_commands] )) ||
_rkctl__subcmd__replace_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl replace commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__rollout_commands] )) ||
_rkctl__subcmd__rollout_commands() {
    local commands; commands=(
'status:Show the status of the rollout' \
'history:View rollout history' \
'undo:Undo a previous rollout' \
'restart:Restart a resource' \
'pause:Mark the provided resource as paused' \
'resume:Resume a paused resource' \
    )
    _describe -t commands 'rkctl rollout commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__rollout__subcmd__history_commands] )) ||
_rkctl__subcmd__rollout__subcmd__history_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl rollout history commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__rollout__subcmd__pause_commands] )) ||
_rkctl__subcmd__rollout__subcmd__pause_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl rollout pause commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__rollout__subcmd__restart_commands] )) ||
_rkctl__subcmd__rollout__subcmd__restart_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl rollout restart commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__rollout__subcmd__resume_commands] )) ||
_rkctl__subcmd__rollout__subcmd__resume_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl rollout resume commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__rollout__subcmd__status_commands] )) ||
_rkctl__subcmd__rollout__subcmd__status_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl rollout status commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__rollout__subcmd__undo_commands] )) ||
_rkctl__subcmd__rollout__subcmd__undo_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl rollout undo commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__run_commands] )) ||
_rkctl__subcmd__run_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl run commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__scale_commands] )) ||
_rkctl__subcmd__scale_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl scale commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__set_commands] )) ||
_rkctl__subcmd__set_commands() {
    local commands; commands=(
'image:Update the image of a pod template' \
'env:Update environment variables on a pod template' \
'resources:Update resource requests/limits on objects with pod templates' \
'selector:Set the selector on a resource' \
'serviceaccount:Update the service account of a resource' \
'sa:Update the service account of a resource' \
    )
    _describe -t commands 'rkctl set commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__set__subcmd__env_commands] )) ||
_rkctl__subcmd__set__subcmd__env_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl set env commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__set__subcmd__image_commands] )) ||
_rkctl__subcmd__set__subcmd__image_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl set image commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__set__subcmd__resources_commands] )) ||
_rkctl__subcmd__set__subcmd__resources_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl set resources commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__set__subcmd__selector_commands] )) ||
_rkctl__subcmd__set__subcmd__selector_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl set selector commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__set__subcmd__serviceaccount_commands] )) ||
_rkctl__subcmd__set__subcmd__serviceaccount_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl set serviceaccount commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__taint_commands] )) ||
_rkctl__subcmd__taint_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl taint commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__top_commands] )) ||
_rkctl__subcmd__top_commands() {
    local commands; commands=(
'pod:Display resource (CPU/memory) usage of pods' \
'pods:Display resource (CPU/memory) usage of pods' \
'po:Display resource (CPU/memory) usage of pods' \
'node:Display resource (CPU/memory) usage of nodes' \
'nodes:Display resource (CPU/memory) usage of nodes' \
'no:Display resource (CPU/memory) usage of nodes' \
    )
    _describe -t commands 'rkctl top commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__top__subcmd__node_commands] )) ||
_rkctl__subcmd__top__subcmd__node_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl top node commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__top__subcmd__pod_commands] )) ||
_rkctl__subcmd__top__subcmd__pod_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl top pod commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__tree_commands] )) ||
_rkctl__subcmd__tree_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl tree commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__uncordon_commands] )) ||
_rkctl__subcmd__uncordon_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl uncordon commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__version_commands] )) ||
_rkctl__subcmd__version_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl version commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__wait_commands] )) ||
_rkctl__subcmd__wait_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl wait commands' commands "$@"
}
(( $+functions[_rkctl__subcmd__why_commands] )) ||
_rkctl__subcmd__why_commands() {
    local commands; commands=()
    _describe -t commands 'rkctl why commands' commands "$@"
}

if [ "$funcstack[1]" = "_rkctl" ]; then
    _rkctl "$@"
else
    compdef _rkctl rkctl
fi

# Resource types and live object names come from `rkctl __complete`.
_rkctl_dynamic() {
    local sub="" i
    for ((i = 2; i < CURRENT; i++)); do
        case "${words[i]}" in
            -*) ;;
            *) sub="${words[i]}"; break ;;
        esac
    done
    case "$sub" in
        get|describe|delete|label|annotate|scale|explain|edit|exec|attach|port-forward)
            if [[ "${words[CURRENT]}" != -* ]]; then
                local -a names
                names=(${(f)"$(rkctl __complete "${(@)words[2,CURRENT]}" 2>/dev/null)"})
                compadd -a names
                return 0
            fi ;;
    esac
    _rkctl "$@"
}
compdef _rkctl_dynamic rkctl
