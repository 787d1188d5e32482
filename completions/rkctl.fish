# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_rkctl_global_optspecs
    string join \n kubeconfig= context= cluster= user= n/namespace= s/server= token= insecure-skip-tls-verify cache-dir= request-timeout= h/help V/version
end

function __fish_rkctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_rkctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_rkctl_using_subcommand
    set -l cmd (__fish_rkctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c rkctl -n "__fish_rkctl_needs_command" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_needs_command" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_needs_command" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_needs_command" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_needs_command" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_needs_command" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_needs_command" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_needs_command" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_needs_command" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_needs_command" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_needs_command" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_needs_command" -s V -l version -d 'Print version'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "get" -d 'Display one or many resources'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "apply" -d 'Apply a configuration to a resource by file name or stdin'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "create" -d 'Create a resource from a file or from stdin'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "replace" -d 'Replace a resource by filename or stdin'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "delete" -d 'Delete resources by file names, stdin, resources and names, or by resources and label selector'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "label" -d 'Update the labels on a resource'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "annotate" -d 'Update the annotations on a resource'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "scale" -d 'Set a new size for a deployment, replica set, replication controller, or stateful set'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "completion" -d 'Output shell completion code for the specified shell (bash, zsh, fish, or powershell)'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "__complete" -d 'Completion candidates for the shell scripts (resource types and live names)'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "describe" -d 'Show details of a specific resource or group of resources'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "auth" -d 'Inspect authorization'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "cluster-info" -d 'Display addresses of the control plane and services with label kubernetes.io/cluster-service=true'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "explain" -d 'Get the documentation of a resource or of one of its fields'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "config" -d 'Modify kubeconfig files'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "version" -d 'Print the client and server version information'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "api-resources" -d 'Print the supported API resources on the server'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "api-versions" -d 'Print the supported API versions on the server, in the form of "group/version"'
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -s o -l output -d 'Output format: json, yaml, name, wide, jsonpath=..., custom-columns=...' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -s l -l selector -d 'Selector (label query) to filter on (e.g. -l key1=value1,key2=value2)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l field-selector -d 'Selector (field query) to filter on (e.g. --field-selector status.phase=Running)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -s L -l label-columns -d 'Labels to print as columns (comma-separated or repeated)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l sort-by -d 'Sort list types using this JSONPath expression (e.g. \'{.metadata.name}\')' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l chunk-size -d 'Return large lists in chunks rather than all at once (0 disables chunking)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -s A -l all-namespaces -d 'List the requested object(s) across all namespaces'
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l show-labels -d 'Print all labels as the last column'
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -s w -l watch -d 'After listing/getting the requested object, watch for changes'
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l watch-only -d 'Watch for changes to the requested object(s), without listing/getting first'
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l no-headers -d 'Don\'t print headers'
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l ignore-not-found -d 'Treat "resource not found" as a successful retrieval'
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -s f -l filename -d 'The files that contain the configurations to apply (`-` for stdin)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -s o -l output -d 'Output format: name' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l validate -d 'Validation: strict (default), warn, ignore' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -s R -l recursive -d 'Process the directory used in -f, --filename recursively'
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l server-side -d 'If true, apply runs in the server instead of the client'
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l force-conflicts -d 'If true, server-side apply will force the changes against conflicts'
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -s f -l filename -d 'Filename, directory, or URL to files to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -s o -l output -d 'Output format: name' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -l validate -d 'Validation: strict (default), warn, ignore, true, false' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -s R -l recursive -d 'Process the directory used in -f, --filename recursively'
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -s f -l filename -d 'Filename, directory, or URL to files to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -s o -l output -d 'Output format: name' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -l validate -d 'Validation: strict (default), warn, ignore, true, false' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -s R -l recursive -d 'Process the directory used in -f, --filename recursively'
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -l force -d 'Delete and re-create the resource'
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand replace" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -s f -l filename -d 'Filename, directory, or URL to files containing the resources to delete' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l field-selector -d 'Selector (field query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l cascade -d '"background", "orphan", or "foreground" (true = background, false = orphan)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l grace-period -d 'Period of time in seconds given to the resource to terminate gracefully (-1: default)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l wait -d 'If true, wait for resources to be gone before returning' -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -s o -l output -d 'Output mode: name' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l timeout -d 'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -s R -l recursive -d 'Process the directory used in -f, --filename recursively'
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l all -d 'Delete all resources, in the namespace of the specified resource types'
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -s A -l all-namespaces -d 'If present, list the requested object(s) across all namespaces'
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l force -d 'If true, immediately remove resources from API and bypass graceful deletion'
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l now -d 'If true, resources are signaled for immediate shutdown (same as --grace-period=1)'
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l ignore-not-found -d 'Treat "resource not found" as a successful delete'
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand delete" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -s o -l output -d 'Output format: name' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -l overwrite -d 'If true, allow labels/annotations to be overwritten'
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -l all -d 'Select all resources, in the namespace of the specified resource types'
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand label" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -s o -l output -d 'Output format: name' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -l overwrite -d 'If true, allow labels/annotations to be overwritten'
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -l all -d 'Select all resources, in the namespace of the specified resource types'
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand annotate" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -l replicas -d 'The new desired number of replicas' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -l current-replicas -d 'Precondition for current size' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -s o -l output -d 'Output format: name' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand scale" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand completion" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand completion" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand completion" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand completion" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand completion" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand completion" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand completion" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand completion" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand completion" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand completion" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -l show-events -d 'If true, display events related to the described object' -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -s A -l all-namespaces -d 'List the requested object(s) across all namespaces'
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand describe" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -f -a "can-i" -d 'Check whether an action is allowed'
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and not __fish_seen_subcommand_from can-i whoami" -f -a "whoami" -d 'Check self subject attributes'
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -l subresource -d 'SubResource such as pod/log or deployment/scale' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -s A -l all-namespaces -d 'If true, check the specified action in all namespaces'
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -s q -l quiet -d 'If true, suppress output and just return the exit code'
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from can-i" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from whoami" -s o -l output -d 'Output format: json or yaml' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from whoami" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from whoami" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from whoami" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from whoami" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from whoami" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from whoami" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from whoami" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from whoami" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from whoami" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from whoami" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand auth; and __fish_seen_subcommand_from whoami" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand cluster-info" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand cluster-info" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cluster-info" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cluster-info" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cluster-info" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cluster-info" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cluster-info" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cluster-info" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand cluster-info" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cluster-info" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand cluster-info" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand explain" -l api-version -d 'Use the given api-version (group/version) of the resource' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand explain" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand explain" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand explain" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand explain" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand explain" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand explain" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand explain" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand explain" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand explain" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand explain" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand explain" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -f -a "view" -d 'Display merged kubeconfig settings or a specified kubeconfig file'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -f -a "get-contexts" -d 'Describe one or many contexts'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -f -a "current-context" -d 'Display the current-context'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -f -a "use-context" -d 'Set the current-context in a kubeconfig file'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and not __fish_seen_subcommand_from view get-contexts current-context use-context set-context" -f -a "set-context" -d 'Set a context entry in kubeconfig'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -s o -l output -d 'Output format: yaml or json' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -l minify -d 'Remove all information not used by current-context from the output'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -l raw -d 'Display raw byte data and sensitive data'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -l flatten -d 'Flatten the resulting kubeconfig file into self-contained output'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from view" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -s o -l output -d 'Output format. One of: name' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l no-headers -d 'When using the default or custom-column output format, don\'t print headers'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from get-contexts" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from current-context" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from use-context" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from set-context" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from set-context" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from set-context" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from set-context" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from set-context" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from set-context" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from set-context" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from set-context" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from set-context" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from set-context" -l current -d 'Modify the current context'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from set-context" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand config; and __fish_seen_subcommand_from set-context" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -s o -l output -d 'One of \'yaml\' or \'json\'' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -l client -d 'If true, shows client version only (no server required)'
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand version" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -s o -l output -d 'Output format: wide or name' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l namespaced -d 'If false, non-namespaced resources will be returned' -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l api-group -d 'Limit to resources in the specified API group' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l verbs -d 'Limit to resources that support the specified verbs' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l sort-by -d 'Field to sort by: name or kind' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l no-headers -d 'When using the default or custom-column output format, don\'t print headers'
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand api-resources" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand api-versions" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand api-versions" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-versions" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-versions" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-versions" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-versions" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-versions" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-versions" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand api-versions" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand api-versions" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand api-versions" -s h -l help -d 'Print help'

# Resource types and live object names come from `rkctl __complete`.
complete -c rkctl -n "__fish_seen_subcommand_from get describe delete label annotate scale explain" -f -a "(rkctl __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)"
