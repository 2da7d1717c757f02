// Package node is kube-apiserver's Node authorizer: a kubelet, user system:node:<name> in group
// system:nodes, may read the secrets, config maps, claims, volumes, service account tokens and
// resource claims of the pods bound to its node, and reach its own Node, Lease, CSINode, volume
// attachments, resource slices and pod certificate requests; everything else a node asks for is
// decided by the static node rules. The relationships come from a Graph that informers keep
// current, so access ends when the pod that granted it goes.
package node
