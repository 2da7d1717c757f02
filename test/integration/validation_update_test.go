package integration

import (
	"context"
	"net/http"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

const podUpdateForbidden = "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n"

func TestPodUpdateImmutability(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "validation-pod-update")
	pods := client.CoreV1().Pods("validation-pod-update")
	pod := simplePod("web", "nginx:1.26")
	pod.Spec.ActiveDeadlineSeconds = ptr(int64(600))
	pod.Spec.Tolerations = []corev1.Toleration{{Key: "k", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoExecute, TolerationSeconds: ptr(int64(30))}}
	created, err := pods.Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}

	allowed := created.DeepCopy()
	allowed.Spec.Containers[0].Image = "nginx:1.27"
	allowed.Spec.ActiveDeadlineSeconds = ptr(int64(300))
	allowed.Spec.Tolerations[0].TolerationSeconds = ptr(int64(60))
	allowed.Spec.Tolerations = append(allowed.Spec.Tolerations, corev1.Toleration{Key: "extra", Operator: corev1.TolerationOpExists})
	updated, err := pods.Update(ctx, allowed, metav1.UpdateOptions{})
	if err != nil {
		t.Fatalf("updating image, deadline and tolerations: %v", err)
	}

	t.Run("other spec fields", func(t *testing.T) {
		bad := updated.DeepCopy()
		bad.Spec.Containers[0].Ports = []corev1.ContainerPort{{ContainerPort: 80}}
		_, err := pods.Update(ctx, bad, metav1.UpdateOptions{})
		status := invalidStatus(t, err, "Pod", "web")
		if len(status.Details.Causes) != 1 {
			t.Fatalf("causes = %+v, want one", status.Details.Causes)
		}
		cause := status.Details.Causes[0]
		if cause.Field != "spec" || cause.Type != metav1.CauseTypeForbidden || !strings.HasPrefix(cause.Message, podUpdateForbidden) {
			t.Errorf("cause = %+v, want spec Forbidden starting %q", cause, podUpdateForbidden)
		}
		// go-cmp varies its spacing on purpose, so compare words.
		if words := strings.Join(strings.Fields(cause.Message), " "); !strings.Contains(words, `+ Ports: []v1.ContainerPort{{ContainerPort: 80, Protocol: "TCP"}},`) {
			t.Errorf("cause message does not show the diff of ports:\n%s", cause.Message)
		}
	})

	cases := []struct {
		name   string
		mutate func(*corev1.Pod)
		causes []string
	}{
		{
			name: "containers may not be added",
			mutate: func(p *corev1.Pod) {
				p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: "sidecar", Image: "busybox"})
			},
			causes: []string{"spec.containers: Forbidden: pod updates may not add or remove containers"},
		},
		{
			name:   "activeDeadlineSeconds may only shrink",
			mutate: func(p *corev1.Pod) { p.Spec.ActiveDeadlineSeconds = ptr(int64(900)) },
			causes: []string{"spec.activeDeadlineSeconds: Invalid value: 900: must be less than or equal to previous value"},
		},
		{
			name:   "activeDeadlineSeconds may not be removed",
			mutate: func(p *corev1.Pod) { p.Spec.ActiveDeadlineSeconds = nil },
			causes: []string{"spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value"},
		},
		{
			name:   "existing tolerations keep their key",
			mutate: func(p *corev1.Pod) { p.Spec.Tolerations[0].Key = "other" },
			causes: []string{"spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"},
		},
		{
			// Upstream checks this both as a pod field and as a container
			// update, so the cause appears twice.
			name:   "image may not be padded",
			mutate: func(p *corev1.Pod) { p.Spec.Containers[0].Image = " nginx" },
			causes: []string{
				`spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace`,
				`spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace`,
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bad := updated.DeepCopy()
			tc.mutate(bad)
			_, err := pods.Update(ctx, bad, metav1.UpdateOptions{})
			expectInvalid(t, err, "", "Pod", "web", tc.causes...)
		})
	}
}

// invalidStatus returns the Status of a 422 Invalid error naming the object.
func invalidStatus(t *testing.T, err error, kind, name string) metav1.Status {
	t.Helper()
	if !apierrors.IsInvalid(err) {
		t.Fatalf("got %v, want 422 Invalid", err)
	}
	status := err.(apierrors.APIStatus).Status()
	if status.Code != http.StatusUnprocessableEntity || status.Details == nil || status.Details.Kind != kind || status.Details.Name != name {
		t.Fatalf("status = %+v, want 422 for %s %q", status, kind, name)
	}
	return status
}

func TestServiceValidation(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "validation-services")
	services := client.CoreV1().Services("validation-services")

	cases := []struct {
		name   string
		svc    corev1.ServiceSpec
		causes []string
	}{
		{
			name:   "ports required",
			svc:    corev1.ServiceSpec{Selector: map[string]string{"app": "web"}},
			causes: []string{"spec.ports: Required value"},
		},
		{
			name: "ports, selector and affinity",
			svc: corev1.ServiceSpec{
				Selector: map[string]string{"app": "web app"},
				Ports: []corev1.ServicePort{
					{Port: 80, NodePort: 30080},
					{Name: "dns", Port: 70000, Protocol: "ICMP", TargetPort: intstr.FromString("Bad_Name")},
				},
				SessionAffinity:       "Sticky",
				ExternalTrafficPolicy: corev1.ServiceExternalTrafficPolicyLocal,
			},
			causes: []string{
				"spec.ports[0].name: Required value",
				"spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
				"spec.ports[1].port: Invalid value: 70000: " + portRangeMsg,
				`spec.ports[1].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"`,
				`spec.ports[1].targetPort: Invalid value: "Bad_Name": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`,
				`spec.selector: Invalid value: "web app": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
				`spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"`,
				`spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services`,
			},
		},
		{
			name: "externalName",
			svc:  corev1.ServiceSpec{Type: corev1.ServiceTypeExternalName, ExternalName: "Not A Host"},
			causes: []string{
				`spec.externalName: Invalid value: "Not A Host": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
			},
		},
		{
			name: "loadBalancer fields on ClusterIP",
			svc: corev1.ServiceSpec{
				Ports:                         []corev1.ServicePort{{Port: 80}},
				LoadBalancerSourceRanges:      []string{"10.0.0.0/8"},
				AllocateLoadBalancerNodePorts: ptr(true),
				LoadBalancerClass:             ptr("example.com/lb"),
			},
			causes: []string{
				"spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
				"spec.allocateLoadBalancerNodePorts: Forbidden: may only be used when `type` is 'LoadBalancer'",
				"spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'",
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "invalid"}, Spec: tc.svc}
			_, err := services.Create(ctx, svc, metav1.CreateOptions{})
			expectInvalid(t, err, "", "Service", "invalid", tc.causes...)
		})
	}

	t.Run("clusterIP is immutable", func(t *testing.T) {
		svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "headless"}, Spec: corev1.ServiceSpec{
			ClusterIP: corev1.ClusterIPNone, Selector: map[string]string{"app": "web"}, Ports: []corev1.ServicePort{{Port: 80}},
		}}
		created, err := services.Create(ctx, svc, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		created.Spec.ClusterIP = "10.0.0.77"
		created.Spec.ClusterIPs = []string{"10.0.0.77"}
		_, err = services.Update(ctx, created, metav1.UpdateOptions{})
		expectInvalid(t, err, "", "Service", "headless",
			`spec.clusterIPs[0]: Invalid value: ["10.0.0.77"]: may not change once set`,
		)
	})
}

func TestNodeValidation(t *testing.T) {
	ctx := context.Background()
	nodes := jsonClient(t).CoreV1().Nodes()

	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "validation-bad"}, Spec: corev1.NodeSpec{
		PodCIDRs: []string{"10.0.0.0/24", "10.1.0.0/24"},
		Taints: []corev1.Taint{
			{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule},
			{Key: "dedicated", Value: "db", Effect: corev1.TaintEffectNoSchedule},
			{Key: "bad key!", Effect: ""},
		},
	}}
	_, err := nodes.Create(ctx, node, metav1.CreateOptions{})
	expectInvalid(t, err, "", "Node", "validation-bad",
		`metadata.taints[1]: Duplicate value: {"Key":"dedicated","Value":"db","Effect":"NoSchedule","TimeAdded":null}: taints must be unique by key and effect pair`,
		`metadata.taints[2].key: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
		"metadata.taints[2].effect: Required value",
		`spec.podCIDRs: Invalid value: ["10.0.0.0/24","10.1.0.0/24"]: may specify no more than one CIDR for each IP family`,
	)

	good := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "validation-good"}, Spec: corev1.NodeSpec{PodCIDRs: []string{"10.2.0.0/24"}, ProviderID: "cloud://a"}}
	created, err := nodes.Create(ctx, good, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The node lifecycle controller labels and taints a new node, so the update goes on the latest copy.
	for {
		created.Spec.PodCIDR = "10.3.0.0/24"
		created.Spec.PodCIDRs = []string{"10.3.0.0/24"}
		created.Spec.ProviderID = "cloud://b"
		_, err = nodes.Update(ctx, created, metav1.UpdateOptions{})
		if !apierrors.IsConflict(err) {
			break
		}
		if created, err = nodes.Get(ctx, good.Name, metav1.GetOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	expectInvalid(t, err, "", "Node", "validation-good",
		`spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid`,
		`spec.providerID: Forbidden: node updates may not change providerID except from "" to valid`,
	)
}

func TestReplicationControllerValidation(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "validation-rcs")
	rcs := client.CoreV1().ReplicationControllers("validation-rcs")

	rc := &corev1.ReplicationController{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: corev1.ReplicationControllerSpec{
		Replicas: ptr(int32(-1)),
		Selector: map[string]string{"app": "api"},
		Template: &corev1.PodTemplateSpec{
			ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "web"}},
			Spec: corev1.PodSpec{
				RestartPolicy:         corev1.RestartPolicyNever,
				ActiveDeadlineSeconds: ptr(int64(10)),
				Containers:            []corev1.Container{{Name: "web", Image: "nginx"}},
			},
		},
	}}
	_, err := rcs.Create(ctx, rc, metav1.CreateOptions{})
	expectInvalid(t, err, "", "ReplicationController", "web",
		"spec.replicas: Invalid value: -1: must be greater than or equal to 0",
		`spec.template.metadata.labels: Invalid value: {"app":"web"}: `+"`selector` does not match template `labels`",
		`spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"`,
		"spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported",
	)

	noTemplate := &corev1.ReplicationController{ObjectMeta: metav1.ObjectMeta{Name: "empty"}, Spec: corev1.ReplicationControllerSpec{Selector: map[string]string{"app": "web"}}}
	_, err = rcs.Create(ctx, noTemplate, metav1.CreateOptions{})
	expectInvalid(t, err, "", "ReplicationController", "empty", "spec.template: Required value")
}

func TestNamespaceValidation(t *testing.T) {
	ctx := context.Background()
	namespaces := jsonClient(t).CoreV1().Namespaces()
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "Bad.Namespace"}, Spec: corev1.NamespaceSpec{Finalizers: []corev1.FinalizerName{"custom"}}}
	_, err := namespaces.Create(ctx, ns, metav1.CreateOptions{})
	expectInvalid(t, err, "", "Namespace", "Bad.Namespace",
		`metadata.name: Invalid value: "Bad.Namespace": `+dns1123LabelMsg,
		`spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified`,
	)
}
