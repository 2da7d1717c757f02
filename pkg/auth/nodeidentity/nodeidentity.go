// Package nodeidentity tells whether a request comes from a kubelet, and from which node, the way the
// Node authorizer and the NodeRestriction admission plugin both need to know it.
package nodeidentity

import (
	"strings"

	"k8s.io/apiserver/pkg/authentication/user"
)

// UserPrefix starts the user name of every node's credentials: system:node:<node name>.
const UserPrefix = "system:node:"

// Of returns the node u speaks for. isNode is true only for a user named system:node:<name> in the
// system:nodes group; name may then still be empty, for a user named just "system:node:", which the
// callers refuse since no node can be matched.
func Of(u user.Info) (name string, isNode bool) {
	if u == nil {
		return "", false
	}
	name, hasPrefix := strings.CutPrefix(u.GetName(), UserPrefix)
	if !hasPrefix {
		return "", false
	}
	for _, g := range u.GetGroups() {
		if g == user.NodesGroup {
			return name, true
		}
	}
	return "", false
}
