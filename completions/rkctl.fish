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
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "__complete-refresh" -d 'Renews one cache of names for completion (started detached by `__complete`)'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "describe" -d 'Show details of a specific resource or group of resources'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "auth" -d 'Inspect authorization'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "cluster-info" -d 'Display addresses of the control plane and services with label kubernetes.io/cluster-service=true'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "explain" -d 'Get the documentation of a resource or of one of its fields'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "config" -d 'Modify kubeconfig files'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "version" -d 'Print the client and server version information'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "api-resources" -d 'Print the supported API resources on the server'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "api-versions" -d 'Print the supported API versions on the server, in the form of "group/version"'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "why" -d 'Explain why an object is not what it should be: Pending, not starting, restarting, not Ready, a stuck rollout, a deletion that hangs, a drain that waits — and what to run next'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "debug" -d 'Show a node at a glance (conditions, resources, pods, events, the agent\'s health), or open a shell in a privileged pod on it with --shell'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "tree" -d 'Show an object and everything it owns, with each one\'s readiness'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "patch" -d 'Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "rollout" -d 'Manage the rollout of a resource'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "set" -d 'Set specific features on objects'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "cordon" -d 'Mark node as unschedulable'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "uncordon" -d 'Mark node as schedulable'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "drain" -d 'Drain node in preparation for maintenance'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "taint" -d 'Update the taints on one or more nodes'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "wait" -d 'Experimental: wait for a specific condition on one or many resources'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "events" -d 'List events'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "run" -d 'Create and run a particular image in a pod'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "logs" -d 'Print the logs for a container in a pod or specified resource; for a workload, service or selector: every pod, prefixed and coloured, following new pods with -f'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "expose" -d 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "image" -d 'Manage images on the nodes (rk): `image load FILE.tar [--node NAME]`'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "edit" -d 'Edit a resource on the server with KUBE_EDITOR or EDITOR (vi by default)'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "diff" -d 'Diff the live version against what would be applied (exit 0: none, 1: differences, >1: error)'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "exec" -d 'Execute a command in a container'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "attach" -d 'Attach to a process that is already running inside an existing container'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "port-forward" -d 'Forward one or more local ports to a pod; for services and workloads, durably (a replaced pod\'s successor takes over)'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "cp" -d 'Copy files and directories to and from containers'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "top" -d 'Display resource (CPU/memory) usage of pods or nodes (metrics.k8s.io)'
complete -c rkctl -n "__fish_rkctl_needs_command" -f -a "plugin" -d 'Provides utilities for interacting with plugins (rkctl-NAME or kubectl-NAME on PATH)'
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
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l diff -d 'With -w: print each change as the fields that changed (rk)'
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l no-headers -d 'Don\'t print headers'
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l ignore-not-found -d 'Treat "resource not found" as a successful retrieval'
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand get" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -s f -l filename -d 'The files that contain the configurations to apply (`-` for stdin)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -s o -l output -d 'Output format: name' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l validate -d 'Validation: strict (default), warn, ignore' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l timeout -d 'With --wait: how long to wait (e.g. 30s, 5m)' -r
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
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l wait -d 'Wait until every applied workload has converged, showing its progress and events (rk)'
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand apply" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -s f -l filename -d 'Filename, directory, or URL to files to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -s o -l output -d 'Output format: name' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -l validate -d 'Validation: strict (default), warn, ignore, true, false' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -s R -l recursive -d 'Process the directory used in -f, --filename recursively'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "deployment" -d 'Create a deployment with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "deploy" -d 'Create a deployment with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "configmap" -d 'Create a config map from a local file, directory or literal value'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "cm" -d 'Create a config map from a local file, directory or literal value'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "secret" -d 'Create a secret using a specified subcommand'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "service" -d 'Create a service using a specified subcommand'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "svc" -d 'Create a service using a specified subcommand'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "namespace" -d 'Create a namespace with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "ns" -d 'Create a namespace with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "serviceaccount" -d 'Create a service account with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "sa" -d 'Create a service account with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "job" -d 'Create a job with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "cronjob" -d 'Create a cron job with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "cj" -d 'Create a cron job with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "role" -d 'Create a role with single rule'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "clusterrole" -d 'Create a cluster role'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "rolebinding" -d 'Create a role binding for a particular role or cluster role'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "clusterrolebinding" -d 'Create a cluster role binding for a particular cluster role'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "poddisruptionbudget" -d 'Create a pod disruption budget with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "pdb" -d 'Create a pod disruption budget with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "priorityclass" -d 'Create a priority class with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "pc" -d 'Create a priority class with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "quota" -d 'Create a quota with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "resourcequota" -d 'Create a quota with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "ingress" -d 'Create an ingress with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "ing" -d 'Create an ingress with the specified name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and not __fish_seen_subcommand_from deployment deploy configmap cm secret service svc namespace ns serviceaccount sa job cronjob cj role clusterrole rolebinding clusterrolebinding poddisruptionbudget pdb priorityclass pc quota resourcequota ingress ing token" -f -a "token" -d 'Request a service account token'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -l image -d 'Image names to run. A deployment can have multiple images set for multi-container pod' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -s r -l replicas -d 'Number of replicas to create. Default is 1' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -l port -d 'The containerPort that this deployment exposes' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deployment" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -l image -d 'Image names to run. A deployment can have multiple images set for multi-container pod' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -s r -l replicas -d 'Number of replicas to create. Default is 1' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -l port -d 'The containerPort that this deployment exposes' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from deploy" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l from-literal -d 'Specify a key and literal value to insert (i.e. mykey=somevalue)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l from-file -d 'Key file can be specified using its file path, or an explicit key=path' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l from-env-file -d 'Specify the path to a file to read lines of key=val pairs' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l type -d 'The type of secret to create (secrets only)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l append-hash -d 'Append a hash of the object to its name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from configmap" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l from-literal -d 'Specify a key and literal value to insert (i.e. mykey=somevalue)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l from-file -d 'Key file can be specified using its file path, or an explicit key=path' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l from-env-file -d 'Specify the path to a file to read lines of key=val pairs' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l type -d 'The type of secret to create (secrets only)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l append-hash -d 'Append a hash of the object to its name'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cm" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -f -a "generic" -d 'Create a secret from a local file, directory, or literal value'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -f -a "tls" -d 'Create a TLS secret'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from secret" -f -a "docker-registry" -d 'Create a secret for use with a Docker registry'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -f -a "clusterip" -d 'Create a ClusterIP service'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -f -a "nodeport" -d 'Create a NodePort service'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -f -a "loadbalancer" -d 'Create a LoadBalancer service'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from service" -f -a "externalname" -d 'Create an ExternalName service'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -f -a "clusterip" -d 'Create a ClusterIP service'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -f -a "nodeport" -d 'Create a NodePort service'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -f -a "loadbalancer" -d 'Create a LoadBalancer service'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from svc" -f -a "externalname" -d 'Create an ExternalName service'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from namespace" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ns" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from serviceaccount" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from sa" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l image -d 'Image name to run' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l from -d 'The name of the resource to create a Job from (only cronjob is supported)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l schedule -d 'A schedule in the Cron format the job should be run with (cron jobs)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l restart -d 'job\'s restart policy (cron jobs): OnFailure, Never' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from job" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l image -d 'Image name to run' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l from -d 'The name of the resource to create a Job from (only cronjob is supported)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l schedule -d 'A schedule in the Cron format the job should be run with (cron jobs)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l restart -d 'job\'s restart policy (cron jobs): OnFailure, Never' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cronjob" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l image -d 'Image name to run' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l from -d 'The name of the resource to create a Job from (only cronjob is supported)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l schedule -d 'A schedule in the Cron format the job should be run with (cron jobs)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l restart -d 'job\'s restart policy (cron jobs): OnFailure, Never' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from cj" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l verb -d 'Verb that applies to the resources contained in the rule' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l resource -d 'Resource that the rule applies to' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l resource-name -d 'Resource in the white list that the rule applies to' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l non-resource-url -d 'A partial url that user should have access to (cluster roles)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from role" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l verb -d 'Verb that applies to the resources contained in the rule' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l resource -d 'Resource that the rule applies to' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l resource-name -d 'Resource in the white list that the rule applies to' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l non-resource-url -d 'A partial url that user should have access to (cluster roles)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrole" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l clusterrole -d 'ClusterRole this binding should reference' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l role -d 'Role this RoleBinding should reference' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l user -d 'Usernames to bind to the role' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l group -d 'Groups to bind to the role' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l serviceaccount -d 'Service accounts to bind to the role, in the format <namespace>:<name>' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from rolebinding" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l clusterrole -d 'ClusterRole this binding should reference' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l role -d 'Role this RoleBinding should reference' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l user -d 'Usernames to bind to the role' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l group -d 'Groups to bind to the role' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l serviceaccount -d 'Service accounts to bind to the role, in the format <namespace>:<name>' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from clusterrolebinding" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l selector -d 'A label selector to use for this budget' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l min-available -d 'The minimum number or percentage of available pods' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l max-unavailable -d 'The maximum number or percentage of unavailable pods' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from poddisruptionbudget" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l selector -d 'A label selector to use for this budget' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l min-available -d 'The minimum number or percentage of available pods' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l max-unavailable -d 'The maximum number or percentage of unavailable pods' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pdb" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l value -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l global-default -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l description -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l preemption-policy -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from priorityclass" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l value -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l global-default -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l description -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l preemption-policy -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from pc" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -l hard -d 'A comma-delimited set of resource=quantity pairs' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -l scopes -d 'A comma-delimited set of quota scopes' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from quota" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -l hard -d 'A comma-delimited set of resource=quantity pairs' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -l scopes -d 'A comma-delimited set of quota scopes' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from resourcequota" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l rule -d 'Rule in format host/path=service:port[,tls=secretname]' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l class -d 'Ingress Class to be used' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l default-backend -d 'Default service for backend, in format of svcname:port' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l rule -d 'Rule in format host/path=service:port[,tls=secretname]' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l class -d 'Ingress Class to be used' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l default-backend -d 'Default service for backend, in format of svcname:port' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from ing" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -l duration -d 'Requested lifetime of the issued token' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -l audience -d 'Audience of the requested token' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -l bound-object-kind -d 'Kind of an object to bind the token to (Pod, Secret, Node)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -l bound-object-name -d 'Name of an object to bind the token to' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand create; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help'
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
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete-refresh" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete-refresh" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete-refresh" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete-refresh" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete-refresh" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete-refresh" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete-refresh" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete-refresh" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete-refresh" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete-refresh" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand __complete-refresh" -s h -l help -d 'Print help'
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
complete -c rkctl -n "__fish_rkctl_using_subcommand why" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand why" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand why" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand why" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand why" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand why" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand why" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand why" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand why" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand why" -s A -l all-namespaces -d 'Look in every namespace (with TYPE alone)'
complete -c rkctl -n "__fish_rkctl_using_subcommand why" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand why" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -l image -d 'With --shell: the debugging pod\'s image' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -l pod-running-timeout -d 'With --shell: how long to wait for the pod to run (e.g. 30s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -l shell -d 'Create a privileged pod on the node, with the host\'s filesystem at /host, and open a shell in it (or run the command given after `--`)'
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -l rm -d 'With --shell: delete the debugging pod when the shell exits'
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -s i -l stdin -d 'With --shell and a command: pass stdin to it (a shell without a command always reads stdin; a script piped to it is read to its end first and run with `sh -c`)'
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand debug" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand tree" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand tree" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand tree" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand tree" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand tree" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand tree" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand tree" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand tree" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand tree" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand tree" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand tree" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -s p -l patch -d 'The patch to be applied to the resource JSON file' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l patch-file -d 'A file containing a patch to be applied to the resource' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l type -d 'The type of patch being provided; one of [json merge strategic]' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l subresource -d 'If specified, patch will operate on the subresource of the requested object' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand patch" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -f -a "status" -d 'Show the status of the rollout'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -f -a "history" -d 'View rollout history'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -f -a "undo" -d 'Undo a previous rollout'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -f -a "restart" -d 'Restart a resource'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -f -a "pause" -d 'Mark the provided resource as paused'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and not __fish_seen_subcommand_from status history undo restart pause resume" -f -a "resume" -d 'Resume a paused resource'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -s w -l watch -d 'Watch the status of the rollout until it\'s done' -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -l revision -d 'Pin to a specific revision for showing its status' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -l timeout -d 'The length of time to wait before ending watch, zero means never (e.g. 5s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -l revision -d 'See the details, including podTemplate of the revision specified' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l to-revision -d 'The revision to rollback to. Default to 0 (last revision)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from undo" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from restart" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand rollout; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -f -a "image" -d 'Update the image of a pod template'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -f -a "env" -d 'Update environment variables on a pod template'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -f -a "resources" -d 'Update resource requests/limits on objects with pod templates'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -f -a "selector" -d 'Set the selector on a resource'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -f -a "serviceaccount" -d 'Update the service account of a resource'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and not __fish_seen_subcommand_from image env resources selector serviceaccount sa" -f -a "sa" -d 'Update the service account of a resource'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from image" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -s c -l containers -d 'The names of containers in the selected pod templates to change' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -s e -l env -d 'Specify a key-value pair for an environment variable to set into each container' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -l list -d 'Display the environment and any changes in the standard format'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from env" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -s c -l containers -d 'The names of containers in the selected pod templates to change' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -l limits -d 'The resource requirement limits for this container (cpu=100m,memory=256Mi)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -l requests -d 'The resource requirement requests for this container' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from resources" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from selector" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from serviceaccount" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand set; and __fish_seen_subcommand_from sa" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand cordon" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand uncordon" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l timeout -d 'The length of time to wait before giving up, zero means infinite' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l grace-period -d 'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l pod-selector -d 'Label selector to filter pods on the node' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l ignore-daemonsets -d 'Ignore DaemonSet-managed pods'
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l delete-emptydir-data -d 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained)'
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l force -d 'Continue even if there are pods that do not declare a controller'
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l disable-eviction -d 'Force drain to use delete, even if eviction is supported'
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l progress -d 'Print progress: the pods to evict, each one evicted, the PodDisruptionBudget a pod waits on, and the end state (rk)'
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand drain" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -l overwrite -d 'If true, allow taints to be overwritten'
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -l all -d 'Select all nodes in the cluster'
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand taint" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -l for -d 'The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath=\'{JSONPath expression}\'=[JSONPath value]]' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -l timeout -d 'The length of time to wait before giving up. Zero means check once and don\'t wait' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -l all -d 'Select all resources in the namespace of the specified resource types'
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -s A -l all-namespaces -d 'If present, list the requested object(s) across all namespaces'
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand wait" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -l for -d 'Filter events to only those pertaining to the specified resource (TYPE/NAME)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -l types -d 'Output only events of given types (Normal, Warning)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -s o -l output -d 'Output format: json|yaml' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -s A -l all-namespaces -d 'If present, list the requested object(s) across all namespaces'
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -s w -l watch -d 'After listing the requested events, watch for more events'
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -l no-headers -d 'When using the default output format, don\'t print headers'
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand events" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l image -d 'The image for the container to run' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l port -d 'The port that this container exposes' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -s l -l labels -d 'Comma separated labels to apply to the pod. Will override previous values' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l env -d 'Environment variables to set in the container' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l restart -d 'The restart policy for this Pod. Legal values [Always, OnFailure, Never]' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l image-pull-policy -d 'The image pull policy for the container' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l annotations -d 'Annotations to apply to the pod' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l command -d 'If true and extra arguments are present, use them as the \'command\' field in the container'
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand run" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -s c -l container -d 'Print the logs of this container' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l all-containers -d 'Get all containers\' logs in the pod(s)' -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l all-pods -d 'Get logs from all pod(s). Sets prefix to true' -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -s f -l follow -d 'Specify if the logs should be streamed' -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l tail -d 'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l since -d 'Only return logs newer than a relative duration like 5s, 2m, or 3h' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l since-time -d 'Only return logs after a specific date (RFC3339)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l timestamps -d 'Include timestamps on each line in the log output' -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -s p -l previous -d 'If true, print the logs for the previous instance of the container in a pod if it exists' -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l prefix -d 'Prefix each log line with the log source (pod name and container name)' -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l max-log-requests -d 'Specify maximum number of concurrent logs to follow when using by a selector' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l limit-bytes -d 'Maximum bytes of logs to return. Defaults to no limit' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l ignore-errors -d 'If watching / following pod logs, allow for any errors that occur to be non-fatal' -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l insecure-skip-tls-verify-backend -d 'Skip verifying the identity of the kubelet that logs are requested from' -r -f -a "true\t''
false\t''"
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l pod-running-timeout -d 'The length of time to wait until at least one pod is running' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l no-color -d 'Never colour the prefixes (they are coloured per pod on a terminal unless NO_COLOR is set)'
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand logs" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l port -d 'The port that the service should serve on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l target-port -d 'Name or number for the port on the container that the service should direct traffic to' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l name -d 'The name for the newly created object' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l type -d 'Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l protocol -d 'The network protocol for the service to be created' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l selector -d 'A label selector to use for this service' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -s l -l labels -d 'Labels to apply to the service created by this call' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l cluster-ip -d 'ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to \'None\' to create a headless service' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l dry-run -d 'Must be "none", "server", or "client"' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -s o -l output -d 'Output format' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand expose" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and not __fish_seen_subcommand_from load" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and not __fish_seen_subcommand_from load" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and not __fish_seen_subcommand_from load" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and not __fish_seen_subcommand_from load" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and not __fish_seen_subcommand_from load" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and not __fish_seen_subcommand_from load" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and not __fish_seen_subcommand_from load" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and not __fish_seen_subcommand_from load" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and not __fish_seen_subcommand_from load" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and not __fish_seen_subcommand_from load" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and not __fish_seen_subcommand_from load" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and not __fish_seen_subcommand_from load" -f -a "load" -d 'Import an image archive (docker save / OCI layout tar) into the nodes\' container runtime'
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and __fish_seen_subcommand_from load" -l node -d 'Only this node (default: every Ready node)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and __fish_seen_subcommand_from load" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and __fish_seen_subcommand_from load" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and __fish_seen_subcommand_from load" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and __fish_seen_subcommand_from load" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and __fish_seen_subcommand_from load" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and __fish_seen_subcommand_from load" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and __fish_seen_subcommand_from load" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and __fish_seen_subcommand_from load" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and __fish_seen_subcommand_from load" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and __fish_seen_subcommand_from load" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand image; and __fish_seen_subcommand_from load" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -s o -l output -d 'Output format for the file to edit: yaml (default) or json' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand edit" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -s f -l filename -d 'Filename, directory, or URL to files contains the configuration to diff' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -l field-manager -d 'Name of the manager used to track field ownership' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -s R -l recursive -d 'Process the directory used in -f, --filename recursively'
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -l server-side -d 'If true, apply runs in the server instead of the client'
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -l force-conflicts -d 'If true, server-side apply will force the changes against conflicts'
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand diff" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -s c -l container -d 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -s i -l stdin -d 'Pass stdin to the container'
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -s t -l tty -d 'Stdin is a TTY'
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -s q -l quiet -d 'Only print output from the remote session'
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand exec" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -s c -l container -d 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -s i -l stdin -d 'Pass stdin to the container'
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -s t -l tty -d 'Stdin is a TTY'
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -s q -l quiet -d 'Only print output from the remote session'
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand attach" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand port-forward" -l address -d 'Addresses to listen on (comma separated). Only accepts IP addresses or localhost as a value' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand port-forward" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand port-forward" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand port-forward" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand port-forward" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand port-forward" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand port-forward" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand port-forward" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand port-forward" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand port-forward" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand port-forward" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand port-forward" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -s c -l container -d 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -l retries -d 'Accepted for kubectl compatibility (transfers are not resumed)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -l no-preserve -d 'The copied file/directory\'s ownership and permissions will not be preserved in the container'
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand cp" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -f -a "pod" -d 'Display resource (CPU/memory) usage of pods'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -f -a "pods" -d 'Display resource (CPU/memory) usage of pods'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -f -a "po" -d 'Display resource (CPU/memory) usage of pods'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -f -a "node" -d 'Display resource (CPU/memory) usage of nodes'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -f -a "nodes" -d 'Display resource (CPU/memory) usage of nodes'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and not __fish_seen_subcommand_from pod pods po node nodes no" -f -a "no" -d 'Display resource (CPU/memory) usage of nodes'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -l sort-by -d 'Sort by cpu or memory' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -l containers -d 'Print usage of containers within a pod'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -l no-headers -d 'If present, print output without headers'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -l sum -d 'Print the sum of the resource usage'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -s A -l all-namespaces -d 'List the requested object(s) across all namespaces'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pod" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -l sort-by -d 'Sort by cpu or memory' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -l containers -d 'Print usage of containers within a pod'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -l no-headers -d 'If present, print output without headers'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -l sum -d 'Print the sum of the resource usage'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -s A -l all-namespaces -d 'List the requested object(s) across all namespaces'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from pods" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -l sort-by -d 'Sort by cpu or memory' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -l containers -d 'Print usage of containers within a pod'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -l no-headers -d 'If present, print output without headers'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -l sum -d 'Print the sum of the resource usage'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -s A -l all-namespaces -d 'List the requested object(s) across all namespaces'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from po" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -l sort-by -d 'Sort by cpu or memory' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -l no-headers -d 'If present, print output without headers'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -l show-capacity -d 'Print node resources based on Capacity instead of Allocatable (default) of the nodes'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from node" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -l sort-by -d 'Sort by cpu or memory' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -l no-headers -d 'If present, print output without headers'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -l show-capacity -d 'Print node resources based on Capacity instead of Allocatable (default) of the nodes'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from nodes" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -s l -l selector -d 'Selector (label query) to filter on' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -l sort-by -d 'Sort by cpu or memory' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -l no-headers -d 'If present, print output without headers'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -l show-capacity -d 'Print node resources based on Capacity instead of Allocatable (default) of the nodes'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand top; and __fish_seen_subcommand_from no" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and not __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and not __fish_seen_subcommand_from list" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and not __fish_seen_subcommand_from list" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and not __fish_seen_subcommand_from list" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and not __fish_seen_subcommand_from list" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and not __fish_seen_subcommand_from list" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and not __fish_seen_subcommand_from list" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and not __fish_seen_subcommand_from list" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and not __fish_seen_subcommand_from list" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and not __fish_seen_subcommand_from list" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and not __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and not __fish_seen_subcommand_from list" -f -a "list" -d 'List all visible plugin executables on a user\'s PATH'
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and __fish_seen_subcommand_from list" -l context -d 'The name of the kubeconfig context to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and __fish_seen_subcommand_from list" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and __fish_seen_subcommand_from list" -l user -d 'The name of the kubeconfig user to use' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and __fish_seen_subcommand_from list" -s n -l namespace -d 'If present, the namespace scope for this CLI request' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and __fish_seen_subcommand_from list" -s s -l server -d 'The address and port of the Kubernetes API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and __fish_seen_subcommand_from list" -l token -d 'Bearer token for authentication to the API server' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and __fish_seen_subcommand_from list" -l cache-dir -d 'Default cache directory' -r -F
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and __fish_seen_subcommand_from list" -l request-timeout -d 'The length of time to wait before giving up on a single server request (e.g. 1s, 2m)' -r
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and __fish_seen_subcommand_from list" -l name-only -d 'If true, display only the binary name of each plugin, rather than its full path'
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and __fish_seen_subcommand_from list" -l insecure-skip-tls-verify -d 'If true, the server\'s certificate will not be checked for validity'
complete -c rkctl -n "__fish_rkctl_using_subcommand plugin; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'

# Resource types and live object names come from `rkctl __complete`.
complete -c rkctl -n "__fish_seen_subcommand_from get describe delete label annotate scale explain edit exec attach port-forward" -f -a "(rkctl __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)"
