package validation

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func validNode() *corev1.Node {
	return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-1.example.com", ResourceVersion: "1"}}
}

func TestValidateNode(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*corev1.Node)
		want   []string
	}{
		{name: "valid", mutate: func(n *corev1.Node) {
			n.Spec.PodCIDRs = []string{"10.244.1.0/24", "fd00:1::/64"}
			n.Spec.PodCIDR = "10.244.1.0/24"
			n.Spec.Taints = []corev1.Taint{{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule}, {Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoExecute}}
		}},
		{
			name:   "name is a DNS subdomain",
			mutate: func(n *corev1.Node) { n.Name = "Node_1" },
			want:   []string{`metadata.name: Invalid value: "Node_1": ` + dnsSubdomainMsg},
		},
		{
			name:   "nodes are cluster-scoped",
			mutate: func(n *corev1.Node) { n.Namespace = "default" },
			want:   []string{"metadata.namespace: Forbidden: not allowed on this type"},
		},
		{
			name: "taints, reported under metadata as upstream does",
			mutate: func(n *corev1.Node) {
				n.Spec.Taints = []corev1.Taint{
					{Key: "a", Value: "1", Effect: corev1.TaintEffectNoSchedule},
					{Key: "a", Value: "2", Effect: corev1.TaintEffectNoSchedule},
					{Key: "b", Effect: "NoRun"},
					{Key: "c"},
					{Key: "bad key", Value: "bad value", Effect: corev1.TaintEffectNoExecute},
				}
			},
			want: []string{
				`metadata.taints[1]: Duplicate value: {"Key":"a","Value":"2","Effect":"NoSchedule","TimeAdded":null}: taints must be unique by key and effect pair`,
				`metadata.taints[2].effect: Unsupported value: "NoRun": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`,
				"metadata.taints[3].effect: Required value",
				`metadata.taints[4].key: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
				`metadata.taints[4].value: Invalid value: "bad value": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
			},
		},
		{
			name:   "podCIDR must be a canonical CIDR",
			mutate: func(n *corev1.Node) { n.Spec.PodCIDR = "10.244.1.1/24" },
			want:   []string{`spec.podCIDRs[0]: Invalid value: "10.244.1.1/24": must not have bits set beyond the prefix length`},
		},
		{
			name:   "one CIDR per family",
			mutate: func(n *corev1.Node) { n.Spec.PodCIDRs = []string{"10.244.1.0/24", "10.244.2.0/24"} },
			want:   []string{`spec.podCIDRs: Invalid value: ["10.244.1.0/24","10.244.2.0/24"]: may specify no more than one CIDR for each IP family`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			node := validNode()
			tc.mutate(node)
			expectErrors(t, ValidateNode(node), tc.want...)
		})
	}
}

func TestValidateNodeUpdate(t *testing.T) {
	cases := []struct {
		name      string
		mutateOld func(*corev1.Node)
		mutate    func(*corev1.Node)
		want      []string
	}{
		{name: "podCIDR may be assigned once", mutate: func(n *corev1.Node) { n.Spec.PodCIDRs = []string{"10.244.1.0/24"} }},
		{name: "providerID may be assigned once", mutate: func(n *corev1.Node) { n.Spec.ProviderID = "aws:///i-1" }},
		{name: "unschedulable may change", mutate: func(n *corev1.Node) { n.Spec.Unschedulable = true }},
		{
			name:      "podCIDR may not change",
			mutateOld: func(n *corev1.Node) { n.Spec.PodCIDRs = []string{"10.244.1.0/24"} },
			mutate:    func(n *corev1.Node) { n.Spec.PodCIDRs = []string{"10.244.2.0/24"} },
			want:      []string{`spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid`},
		},
		{
			name:      "providerID may not change",
			mutateOld: func(n *corev1.Node) { n.Spec.ProviderID = "aws:///i-1" },
			mutate:    func(n *corev1.Node) { n.Spec.ProviderID = "aws:///i-2" },
			want:      []string{`spec.providerID: Forbidden: node updates may not change providerID except from "" to valid`},
		},
		{
			name:   "externalID may not change",
			mutate: func(n *corev1.Node) { n.Spec.DoNotUseExternalID = "x" },
			want:   []string{"spec.externalID: Forbidden: may not be updated"},
		},
		{
			name: "duplicate addresses",
			mutate: func(n *corev1.Node) {
				n.Status.Addresses = []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "10.0.0.1"}, {Type: corev1.NodeInternalIP, Address: "10.0.0.1"}}
			},
			want: []string{`status.addresses[1]: Duplicate value: {"Type":"InternalIP","Address":"10.0.0.1"}`},
		},
		{
			name: "configSource may not carry status fields",
			mutate: func(n *corev1.Node) {
				n.Spec.ConfigSource = &corev1.NodeConfigSource{ConfigMap: &corev1.ConfigMapNodeConfigSource{Namespace: "kube-system", Name: "kubelet", KubeletConfigKey: "kubelet", UID: "u"}}
			},
			want: []string{"spec.configSource.configMap.uid: Forbidden: uid must not be set in spec"},
		},
		{
			name:   "empty configSource",
			mutate: func(n *corev1.Node) { n.Spec.ConfigSource = &corev1.NodeConfigSource{} },
			want:   []string{`spec.configSource: Invalid value: {"ConfigMap":null}: exactly one reference subfield must be non-nil`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			oldNode := validNode()
			if tc.mutateOld != nil {
				tc.mutateOld(oldNode)
			}
			newNode := oldNode.DeepCopy()
			tc.mutate(newNode)
			expectErrors(t, ValidateNodeUpdate(newNode, oldNode), tc.want...)
		})
	}
}
