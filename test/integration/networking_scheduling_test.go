package integration

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	nodev1 "k8s.io/api/node/v1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	storagemigrationv1 "k8s.io/api/storagemigration/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
)

func netSchedIngress(name string) *networkingv1.Ingress {
	return &networkingv1.Ingress{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: networkingv1.IngressSpec{
			IngressClassName: ptr("nginx"),
			Rules: []networkingv1.IngressRule{{
				Host: "web.example.com",
				IngressRuleValue: networkingv1.IngressRuleValue{HTTP: &networkingv1.HTTPIngressRuleValue{Paths: []networkingv1.HTTPIngressPath{{
					Path: "/", PathType: ptr(networkingv1.PathTypePrefix),
					Backend: networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}},
				}}}},
			}},
		},
	}
}

func netSchedPolicy(name string) *networkingv1.NetworkPolicy {
	return &networkingv1.NetworkPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: networkingv1.NetworkPolicySpec{
			PodSelector: metav1.LabelSelector{MatchLabels: map[string]string{"app": "web"}},
			Egress:      []networkingv1.NetworkPolicyEgressRule{{Ports: []networkingv1.NetworkPolicyPort{{Port: ptr(intstr.FromInt32(53))}}}},
		},
	}
}

func netSchedMigration(name string) *storagemigrationv1.StorageVersionMigration {
	return &storagemigrationv1.StorageVersionMigration{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec:       storagemigrationv1.StorageVersionMigrationSpec{Resource: metav1.GroupResource{Group: "apps", Resource: "deployments"}},
	}
}

// TestNetSchedDefaults creates one object of each new resource, in JSON and in protobuf, and checks
// the defaults and generations kube-apiserver gives them.
func TestNetSchedDefaults(t *testing.T) {
	ctx := context.Background()
	json, proto := jsonClient(t), protobufClient(t)
	createNamespace(t, json, "netsched-defaults")

	np, err := json.NetworkingV1().NetworkPolicies("netsched-defaults").Create(ctx, netSchedPolicy("dns"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(np.Spec.PolicyTypes, []networkingv1.PolicyType{"Ingress", "Egress"}) || *np.Spec.Egress[0].Ports[0].Protocol != corev1.ProtocolTCP || np.Generation != 1 {
		t.Errorf("network policy = %+v, want policyTypes Ingress and Egress, a TCP port, generation 1", np)
	}

	class, err := proto.NetworkingV1().IngressClasses().Create(ctx, &networkingv1.IngressClass{
		ObjectMeta: metav1.ObjectMeta{Name: "netsched-nginx"},
		Spec:       networkingv1.IngressClassSpec{Controller: "k8s.io/ingress-nginx", Parameters: &networkingv1.IngressClassParametersReference{Kind: "ConfigMap", Name: "cfg"}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if class.Spec.Parameters.Scope == nil || *class.Spec.Parameters.Scope != "Cluster" || class.Generation != 1 {
		t.Errorf("ingress class = %+v, want parameters scope Cluster, generation 1", class)
	}

	withStatus := netSchedIngress("web")
	withStatus.Status.LoadBalancer.Ingress = []networkingv1.IngressLoadBalancerIngress{{IP: "192.0.2.1"}}
	ing, err := proto.NetworkingV1().Ingresses("netsched-defaults").Create(ctx, withStatus, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ing.Status.LoadBalancer.Ingress) != 0 || ing.Generation != 1 {
		t.Errorf("created ingress status %+v, generation %d; want no status, generation 1", ing.Status, ing.Generation)
	}
	ing.Spec.Rules[0].Host = "www.example.com"
	if ing, err = json.NetworkingV1().Ingresses("netsched-defaults").Update(ctx, ing, metav1.UpdateOptions{}); err != nil || ing.Generation != 2 {
		t.Errorf("spec update: generation %v, %v; want 2", ing.GetGeneration(), err)
	}

	pc, err := proto.SchedulingV1().PriorityClasses().Create(ctx, &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "netsched-high"}, Value: 1000}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if pc.PreemptionPolicy == nil || *pc.PreemptionPolicy != corev1.PreemptLowerPriority || pc.Generation != 1 {
		t.Errorf("priority class = %+v, want preemptionPolicy PreemptLowerPriority, generation 1", pc)
	}

	rc, err := json.NodeV1().RuntimeClasses().Create(ctx, &nodev1.RuntimeClass{ObjectMeta: metav1.ObjectMeta{Name: "netsched-gvisor"}, Handler: "runsc"}, metav1.CreateOptions{})
	if err != nil || rc.Handler != "runsc" || rc.Generation != 0 {
		t.Errorf("runtime class = %+v, %v; want handler runsc, no generation", rc, err)
	}

	svm := netSchedMigration("netsched-deployments")
	svm.Status.ResourceVersion = "5"
	if svm, err = proto.StoragemigrationV1().StorageVersionMigrations().Create(ctx, svm, metav1.CreateOptions{}); err != nil || svm.Status.ResourceVersion != "" {
		t.Errorf("migration = %+v, %v; want the status dropped", svm, err)
	}
}

// TestNetSchedValidation checks that invalid objects are refused with kube-apiserver's causes.
func TestNetSchedValidation(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "netsched-invalid")

	bad := netSchedIngress("bad")
	bad.Spec.Rules[0].HTTP.Paths[0].PathType = nil
	bad.Spec.Rules = append(bad.Spec.Rules, networkingv1.IngressRule{Host: "10.0.0.1"})
	bad.Spec.TLS = []networkingv1.IngressTLS{{SecretName: "Not_A_Secret"}}
	_, err := client.NetworkingV1().Ingresses("netsched-invalid").Create(ctx, bad, metav1.CreateOptions{})
	expectInvalid(t, err, "networking.k8s.io", "Ingress", "bad",
		"spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
		`spec.rules[1].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address`,
		`spec.tls[0].secretName: Invalid value: "Not_A_Secret": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`)

	_, err = client.NetworkingV1().Ingresses("netsched-invalid").Create(ctx, &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Name: "empty"}}, metav1.CreateOptions{})
	expectInvalid(t, err, "networking.k8s.io", "Ingress", "empty", "spec: Invalid value: null: either `defaultBackend` or `rules` must be specified")

	_, err = client.NetworkingV1().IngressClasses().Create(ctx, &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: "netsched-bad"}, Spec: networkingv1.IngressClassSpec{Controller: "nginx"}}, metav1.CreateOptions{})
	expectInvalid(t, err, "networking.k8s.io", "IngressClass", "netsched-bad", `spec.controller: Invalid value: "nginx": must be a domain-prefixed path (such as "acme.io/foo")`)

	policy := netSchedPolicy("bad")
	policy.Spec.Ingress = []networkingv1.NetworkPolicyIngressRule{{From: []networkingv1.NetworkPolicyPeer{{}}}}
	_, err = client.NetworkingV1().NetworkPolicies("netsched-invalid").Create(ctx, policy, metav1.CreateOptions{})
	expectInvalid(t, err, "networking.k8s.io", "NetworkPolicy", "bad", "spec.ingress[0].from[0]: Required value: must specify a peer")

	_, err = client.NodeV1().RuntimeClasses().Create(ctx, &nodev1.RuntimeClass{ObjectMeta: metav1.ObjectMeta{Name: "netsched-bad"}, Handler: "Run_SC"}, metav1.CreateOptions{})
	expectInvalidCause(t, err, "handler", metav1.CauseTypeFieldValueInvalid, "a lowercase RFC 1123 label")

	_, err = client.SchedulingV1().PriorityClasses().Create(ctx, &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "netsched-too-high"}, Value: 1000000001}, metav1.CreateOptions{})
	expectInvalid(t, err, "scheduling.k8s.io", "PriorityClass", "netsched-too-high", "value: Forbidden: maximum allowed value of a user defined priority is 1000000000")

	_, err = client.SchedulingV1().PriorityClasses().Create(ctx, &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "system-netsched"}, Value: 10}, metav1.CreateOptions{})
	expectInvalid(t, err, "scheduling.k8s.io", "PriorityClass", "system-netsched",
		"metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-netsched is not a known system priority class")

	_, err = client.StoragemigrationV1().StorageVersionMigrations().Create(ctx, &storagemigrationv1.StorageVersionMigration{ObjectMeta: metav1.ObjectMeta{Name: "netsched-bad"}}, metav1.CreateOptions{})
	expectInvalid(t, err, "storagemigration.k8s.io", "StorageVersionMigration", "netsched-bad", "spec.resource.resource: Required value: resource is required")
}

// TestNetSchedStatus writes the status subresources of ingresses and storageversionmigrations: the
// spec in the written object is ignored, the status validated.
func TestNetSchedStatus(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "netsched-status")
	ingresses := client.NetworkingV1().Ingresses("netsched-status")
	ing, err := ingresses.Create(ctx, netSchedIngress("web"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ing.Spec.IngressClassName = ptr("other")
	ing.Status.LoadBalancer.Ingress = []networkingv1.IngressLoadBalancerIngress{{IP: "192.0.2.7"}}
	if ing, err = ingresses.UpdateStatus(ctx, ing, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if *ing.Spec.IngressClassName != "nginx" || ing.Status.LoadBalancer.Ingress[0].IP != "192.0.2.7" || ing.Generation != 1 {
		t.Errorf("after a status write: class %s, status %+v, generation %d; want nginx, 192.0.2.7, 1", *ing.Spec.IngressClassName, ing.Status, ing.Generation)
	}
	ing.Status.LoadBalancer.Ingress = []networkingv1.IngressLoadBalancerIngress{{Hostname: "192.0.2.8"}}
	_, err = ingresses.UpdateStatus(ctx, ing, metav1.UpdateOptions{})
	expectInvalid(t, err, "networking.k8s.io", "Ingress", "web", `status.loadBalancer.ingress[0].hostname: Invalid value: "192.0.2.8": must be a DNS name, not an IP address`)

	migrations := client.StoragemigrationV1().StorageVersionMigrations()
	svm, err := migrations.Create(ctx, netSchedMigration("netsched-status"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	svm.Spec.Resource.Resource = "statefulsets"
	svm.Status.ResourceVersion = "42"
	if svm, err = migrations.UpdateStatus(ctx, svm, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if svm.Spec.Resource.Resource != "deployments" || svm.Status.ResourceVersion != "42" {
		t.Errorf("after a status write: %+v; want resource deployments and status resourceVersion 42", svm)
	}
	svm.Status.ResourceVersion = "43"
	_, err = migrations.UpdateStatus(ctx, svm, metav1.UpdateOptions{})
	expectInvalid(t, err, "storagemigration.k8s.io", "StorageVersionMigration", "netsched-status", `status.resourceVersion: Invalid value: "43": field is immutable`)
}

// TestNetSchedTablesAndDiscovery checks the columns `kubectl get` prints and the short names it
// accepts.
func TestNetSchedTablesAndDiscovery(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "netsched-tables")
	if _, err := client.NetworkingV1().Ingresses("netsched-tables").Create(ctx, netSchedIngress("web"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.StoragemigrationV1().StorageVersionMigrations().Create(ctx, netSchedMigration("netsched-table"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	cases := map[string][]string{
		"/apis/networking.k8s.io/v1/namespaces/netsched-tables/ingresses":       {"Name", "Class", "Hosts", "Address", "Ports", "Age"},
		"/apis/networking.k8s.io/v1/ingressclasses":                             {"Name", "Controller", "Parameters", "Age"},
		"/apis/networking.k8s.io/v1/namespaces/netsched-tables/networkpolicies": {"Name", "Pod-Selector", "Age"},
		"/apis/node.k8s.io/v1/runtimeclasses":                                   {"Name", "Handler", "Age"},
		"/apis/scheduling.k8s.io/v1/priorityclasses":                            {"Name", "Value", "Global-Default", "Age", "PreemptionPolicy"},
		"/apis/storagemigration.k8s.io/v1/storageversionmigrations":             {"Name", "Resource"},
	}
	for path, want := range cases {
		if got, _ := columnNames(t, client, path); !slices.Equal(got, want) {
			t.Errorf("%s columns = %v, want %v", path, got, want)
		}
	}
	cols, rows := tableCells(t, "/apis/networking.k8s.io/v1/namespaces/netsched-tables/ingresses", "metadata.name=web")
	if len(rows) != 1 || !slices.Equal(rows[0][:5], []string{"web", "nginx", "web.example.com", "", "80"}) {
		t.Errorf("ingress rows %v %v, want web nginx web.example.com <no address> 80", cols, rows)
	}
	_, rows = tableCells(t, "/apis/scheduling.k8s.io/v1/priorityclasses", "metadata.name=system-node-critical")
	if len(rows) != 1 || rows[0][1] != "2000001000" || rows[0][2] != "false" || rows[0][4] != "PreemptLowerPriority" {
		t.Errorf("system-node-critical row = %v, want value 2000001000, not global default, PreemptLowerPriority", rows)
	}
	_, rows = tableCells(t, "/apis/storagemigration.k8s.io/v1/storageversionmigrations", "metadata.name=netsched-table")
	if len(rows) != 1 || !slices.Equal(rows[0], []string{"netsched-table", "deployments.apps"}) {
		t.Errorf("migration rows = %v, want netsched-table deployments.apps", rows)
	}

	shortNames := map[string]map[string][]string{
		"networking.k8s.io/v1":       {"ingresses": {"ing"}, "ingressclasses": nil, "networkpolicies": {"netpol"}, "ingresses/status": nil},
		"node.k8s.io/v1":             {"runtimeclasses": nil},
		"scheduling.k8s.io/v1":       {"priorityclasses": {"pc"}},
		"storagemigration.k8s.io/v1": {"storageversionmigrations": nil, "storageversionmigrations/status": nil},
	}
	for gv, want := range shortNames {
		list, err := client.Discovery().ServerResourcesForGroupVersion(gv)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, r := range list.APIResources {
			got[r.Name] = r.ShortNames
			if len(r.Categories) != 0 {
				t.Errorf("%s %s categories = %v, want none", gv, r.Name, r.Categories)
			}
		}
		for name, names := range want {
			if short, ok := got[name]; !ok || !slices.Equal(short, names) {
				t.Errorf("%s %s short names = %v (served %v), want %v", gv, name, short, ok, names)
			}
		}
	}
}

// TestNetSchedSystemPriorityClasses checks the classes the scheduling/bootstrap-system-priority-classes
// hook creates, and that they cannot be deleted.
func TestNetSchedSystemPriorityClasses(t *testing.T) {
	ctx := context.Background()
	classes := jsonClient(t).SchedulingV1().PriorityClasses()
	want := map[string]struct {
		value       int32
		description string
	}{
		"system-node-critical":    {2000001000, "Used for system critical pods that must not be moved from their current node."},
		"system-cluster-critical": {2000000000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."},
	}
	for name, w := range want {
		pc, err := classes.Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if pc.Value != w.value || pc.Description != w.description || pc.GlobalDefault || *pc.PreemptionPolicy != corev1.PreemptLowerPriority {
			t.Errorf("%s = %+v, want value %d and upstream's description", name, pc, w.value)
		}
		err = classes.Delete(ctx, name, metav1.DeleteOptions{})
		if !apierrors.IsForbidden(err) || err.Error() != `priorityclasses.scheduling.k8s.io "`+name+`" is forbidden: this is a system priority class and cannot be deleted` {
			t.Errorf("delete %s: %v, want 403 Forbidden: this is a system priority class and cannot be deleted", name, err)
		}
	}
	if code, body := sendRaw(t, server.ClientConfig, http.MethodGet, "/readyz/poststarthook/scheduling/bootstrap-system-priority-classes", "", nil); code != http.StatusOK {
		t.Errorf("readyz of the hook = %d %s, want 200", code, body)
	}
}

// TestNetSchedEtcdKeys checks that each new resource lands under kube-apiserver's key, in protobuf.
func TestNetSchedEtcdKeys(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0])
	etcdClient := etcdClient(t, etcd)
	client := kubernetes.NewForConfigOrDie(kapi.ClientConfig)
	createNamespace(t, client, "keys")

	create := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := client.NetworkingV1().Ingresses("keys").Create(ctx, netSchedIngress("web"), metav1.CreateOptions{})
	create(err)
	_, err = client.NetworkingV1().IngressClasses().Create(ctx, &networkingv1.IngressClass{ObjectMeta: metav1.ObjectMeta{Name: "nginx"}, Spec: networkingv1.IngressClassSpec{Controller: "k8s.io/ingress-nginx"}}, metav1.CreateOptions{})
	create(err)
	_, err = client.NetworkingV1().NetworkPolicies("keys").Create(ctx, netSchedPolicy("dns"), metav1.CreateOptions{})
	create(err)
	_, err = client.NodeV1().RuntimeClasses().Create(ctx, &nodev1.RuntimeClass{ObjectMeta: metav1.ObjectMeta{Name: "gvisor"}, Handler: "runsc"}, metav1.CreateOptions{})
	create(err)
	_, err = client.SchedulingV1().PriorityClasses().Create(ctx, &schedulingv1.PriorityClass{ObjectMeta: metav1.ObjectMeta{Name: "high"}, Value: 100}, metav1.CreateOptions{})
	create(err)
	_, err = client.StoragemigrationV1().StorageVersionMigrations().Create(ctx, netSchedMigration("deployments"), metav1.CreateOptions{})
	create(err)

	keys := []struct {
		key        string
		into       runtime.Object
		apiVersion string
	}{
		{"/registry/ingress/keys/web", &networkingv1.Ingress{}, "networking.k8s.io/v1"},
		{"/registry/ingressclasses/nginx", &networkingv1.IngressClass{}, "networking.k8s.io/v1"},
		{"/registry/networkpolicies/keys/dns", &networkingv1.NetworkPolicy{}, "networking.k8s.io/v1"},
		{"/registry/runtimeclasses/gvisor", &nodev1.RuntimeClass{}, "node.k8s.io/v1"},
		{"/registry/priorityclasses/high", &schedulingv1.PriorityClass{}, "scheduling.k8s.io/v1"},
		{"/registry/priorityclasses/system-node-critical", &schedulingv1.PriorityClass{}, "scheduling.k8s.io/v1"},
		{"/registry/storageversionmigrations/deployments", &storagemigrationv1.StorageVersionMigration{}, "storagemigration.k8s.io/v1"},
	}
	for _, k := range keys {
		readEtcd(t, ctx, etcdClient, k.key, k.into)
		if got := k.into.GetObjectKind().GroupVersionKind().GroupVersion().String(); got != k.apiVersion {
			t.Errorf("%s holds %s, want %s", k.key, got, k.apiVersion)
		}
		resp, err := etcdClient.Get(ctx, k.key)
		if err != nil {
			t.Fatal(err)
		}
		if value := resp.Kvs[0].Value; !bytes.HasPrefix(value, []byte("k8s\x00")) {
			t.Errorf("%s is stored as %q..., want protobuf", k.key, value[:min(len(value), 16)])
		}
	}
}

// TestNetSchedServerSideApply applies objects of the new groups, which needs their OpenAPI schemas,
// and checks that an apply to an ingress's status leaves its spec to the spec's manager.
func TestNetSchedServerSideApply(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "netsched-apply")
	force := metav1.PatchOptions{FieldManager: "netsched", Force: ptr(true)}
	pc, err := client.SchedulingV1().PriorityClasses().Patch(ctx, "netsched-applied", types.ApplyPatchType,
		[]byte(`{"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass","metadata":{"name":"netsched-applied"},"value":7}`), force)
	if err != nil || pc.Value != 7 || *pc.PreemptionPolicy != corev1.PreemptLowerPriority {
		t.Fatalf("applied priority class = %+v, %v; want value 7, defaulted preemption policy", pc, err)
	}
	ingresses := client.NetworkingV1().Ingresses("netsched-apply")
	if _, err := ingresses.Create(ctx, netSchedIngress("web"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	ing, err := ingresses.Patch(ctx, "web", types.ApplyPatchType,
		[]byte(`{"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"web"},"spec":{"ingressClassName":"other"},"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.3"}]}}}`),
		force, "status")
	if err != nil {
		t.Fatal(err)
	}
	if *ing.Spec.IngressClassName != "nginx" || ing.Status.LoadBalancer.Ingress[0].IP != "192.0.2.3" {
		t.Errorf("after a status apply: class %s, status %+v; want nginx and 192.0.2.3", *ing.Spec.IngressClassName, ing.Status)
	}
}
