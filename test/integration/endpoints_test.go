package integration

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
)

// namespaceWithNode creates the namespace and a node named after it in zone, deleted when the test
// ends, and returns the node's name: the endpointslice controller reads a pod's zone from its node,
// and leaves out pods whose node does not exist.
func namespaceWithNode(t *testing.T, client kubernetes.Interface, namespace, zone string) string {
	t.Helper()
	ctx := context.Background()
	createNamespace(t, client, namespace)
	name := namespace + "-node"
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{corev1.LabelTopologyZone: zone}}}
	if _, err := client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.CoreV1().Nodes().Delete(ctx, name, metav1.DeleteOptions{}) })
	return name
}

// servingPod creates a pod labelled app=app on node with a container port named http, and, as a
// kubelet would, writes ip and its readiness into its status; no ip leaves the status alone.
func servingPod(t *testing.T, client kubernetes.Interface, namespace, name, app, node, ip string, ready bool) *corev1.Pod {
	t.Helper()
	ctx := context.Background()
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Labels: map[string]string{"app": app}},
		Spec: corev1.PodSpec{
			NodeName: node,
			Containers: []corev1.Container{{Name: "main", Image: "nginx",
				Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}}}},
		},
	}
	pod, err := client.CoreV1().Pods(namespace).Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ip == "" {
		return pod
	}
	pod.Status.Phase = corev1.PodRunning
	pod.Status.PodIP = ip
	return setPodReady(t, client, pod, ready)
}

// setPodReady writes the pod's Ready condition through pods/status.
func setPodReady(t *testing.T, client kubernetes.Interface, pod *corev1.Pod, ready bool) *corev1.Pod {
	t.Helper()
	status := corev1.ConditionFalse
	if ready {
		status = corev1.ConditionTrue
	}
	pod = pod.DeepCopy()
	pod.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodReady, Status: status, LastTransitionTime: metav1.Now()}}
	pod, err := client.CoreV1().Pods(pod.Namespace).UpdateStatus(context.Background(), pod, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return pod
}

// serviceSlices lists the slices of the service that manager manages.
func serviceSlices(client kubernetes.Interface, namespace, service, manager string) ([]discoveryv1.EndpointSlice, error) {
	list, err := client.DiscoveryV1().EndpointSlices(namespace).List(context.Background(), metav1.ListOptions{
		LabelSelector: labels.Set{discoveryv1.LabelServiceName: service, discoveryv1.LabelManagedBy: manager}.String(),
	})
	if err != nil {
		return nil, err
	}
	return list.Items, nil
}

// oneSlice returns the only slice of the service that manager manages.
func oneSlice(client kubernetes.Interface, namespace, service, manager string) (*discoveryv1.EndpointSlice, error) {
	list, err := serviceSlices(client, namespace, service, manager)
	if err != nil {
		return nil, err
	}
	if len(list) != 1 {
		return nil, fmt.Errorf("%d slices managed by %s for %s, want 1", len(list), manager, service)
	}
	return &list[0], nil
}

// describeSlice renders the endpoints of a slice as "ip ready=… serving=… terminating=…" lines.
func describeSlice(s *discoveryv1.EndpointSlice) string {
	var lines []string
	for _, ep := range s.Endpoints {
		b := func(p *bool) string {
			if p == nil {
				return "nil"
			}
			return fmt.Sprint(*p)
		}
		lines = append(lines, fmt.Sprintf("%s ready=%s serving=%s terminating=%s",
			strings.Join(ep.Addresses, ","), b(ep.Conditions.Ready), b(ep.Conditions.Serving), b(ep.Conditions.Terminating)))
	}
	slices.Sort(lines)
	return strings.Join(lines, "; ")
}

// describeEndpoints renders Endpoints subsets as "ready [ips] notReady [ips] ports [name:port]".
func describeEndpoints(e *corev1.Endpoints) string {
	var parts []string
	for _, s := range e.Subsets {
		var ready, notReady, ports []string
		for _, a := range s.Addresses {
			ready = append(ready, a.IP)
		}
		for _, a := range s.NotReadyAddresses {
			notReady = append(notReady, a.IP)
		}
		for _, p := range s.Ports {
			ports = append(ports, fmt.Sprintf("%s:%d", p.Name, p.Port))
		}
		parts = append(parts, fmt.Sprintf("ready %v notReady %v ports %v", ready, notReady, ports))
	}
	return strings.Join(parts, "; ")
}

// waitForSlice waits until the service's one slice managed by the endpointslice controller reads
// want, and returns it.
func waitForSlice(t *testing.T, client kubernetes.Interface, namespace, service, want string) *discoveryv1.EndpointSlice {
	t.Helper()
	var slice *discoveryv1.EndpointSlice
	eventually(t, func() error {
		s, err := oneSlice(client, namespace, service, "endpointslice-controller.k8s.io")
		if err != nil {
			return err
		}
		if got := describeSlice(s); got != want {
			return fmt.Errorf("slice endpoints %q, want %q", got, want)
		}
		slice = s
		return nil
	})
	return slice
}

// waitForEndpoints waits until the service's Endpoints read want, and returns them.
func waitForEndpoints(t *testing.T, client kubernetes.Interface, namespace, service, want string) *corev1.Endpoints {
	t.Helper()
	var endpoints *corev1.Endpoints
	eventually(t, func() error {
		e, err := client.CoreV1().Endpoints(namespace).Get(context.Background(), service, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if got := describeEndpoints(e); got != want {
			return fmt.Errorf("endpoints %q, want %q", got, want)
		}
		endpoints = e
		return nil
	})
	return endpoints
}

// TestEndpointSliceAndEndpointsFollowPods drives a service's pods through readiness, termination and
// deletion, writing their status as a kubelet would, and checks what the EndpointSlice and the
// Endpoints say at each step.
func TestEndpointSliceAndEndpointsFollowPods(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	const ns = "endpoints-follow"
	node := namespaceWithNode(t, client, ns, "zone-a")

	svc, err := client.CoreV1().Services(ns).Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Labels: map[string]string{"tier": "front"}},
		Spec: corev1.ServiceSpec{
			Selector: map[string]string{"app": "web"},
			Ports:    []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromString("http")}},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pod := servingPod(t, client, ns, "web-1", "web", node, "10.1.0.1", true)
	servingPod(t, client, ns, "web-no-ip", "web", node, "", false)
	servingPod(t, client, ns, "other", "other", node, "10.1.0.9", true)

	slice := waitForSlice(t, client, ns, "web", "10.1.0.1 ready=true serving=true terminating=false")
	ep := slice.Endpoints[0]
	if ep.NodeName == nil || *ep.NodeName != node || ep.Zone == nil || *ep.Zone != "zone-a" {
		t.Errorf("endpoint node %v zone %v, want %s in zone-a", ep.NodeName, ep.Zone, node)
	}
	if ep.TargetRef == nil || ep.TargetRef.Kind != "Pod" || ep.TargetRef.Name != "web-1" || ep.TargetRef.UID != pod.UID {
		t.Errorf("endpoint targetRef = %+v, want pod web-1", ep.TargetRef)
	}
	if len(slice.Ports) != 1 || *slice.Ports[0].Name != "http" || *slice.Ports[0].Port != 8080 || *slice.Ports[0].Protocol != corev1.ProtocolTCP {
		t.Errorf("slice ports = %+v, want http 8080/TCP resolved from the container port", slice.Ports)
	}
	if slice.AddressType != discoveryv1.AddressTypeIPv4 || !strings.HasPrefix(slice.Name, "web-") {
		t.Errorf("slice %s address type %s, want a generated web- name and IPv4", slice.Name, slice.AddressType)
	}
	if slice.Labels["tier"] != "front" || slice.Labels[discoveryv1.LabelServiceName] != "web" {
		t.Errorf("slice labels = %v, want the service's and its name", slice.Labels)
	}
	if refs := slice.OwnerReferences; len(refs) != 1 || refs[0].Kind != "Service" || refs[0].UID != svc.UID || refs[0].Controller == nil || !*refs[0].Controller {
		t.Errorf("slice owners = %+v, want the service as controller", refs)
	}
	if slice.Annotations[corev1.EndpointsLastChangeTriggerTime] == "" {
		t.Errorf("slice annotations = %v, want %s", slice.Annotations, corev1.EndpointsLastChangeTriggerTime)
	}
	endpoints := waitForEndpoints(t, client, ns, "web", "ready [10.1.0.1] notReady [] ports [http:8080]")
	if endpoints.Annotations[corev1.EndpointsLastChangeTriggerTime] == "" || endpoints.Labels["tier"] != "front" {
		t.Errorf("endpoints annotations %v labels %v, want the trigger time and the service's labels", endpoints.Annotations, endpoints.Labels)
	}
	if a := endpoints.Subsets[0].Addresses[0]; a.TargetRef == nil || a.TargetRef.Name != "web-1" || a.NodeName == nil || *a.NodeName != node {
		t.Errorf("endpoints address = %+v, want pod web-1 on its node", a)
	}

	pod = setPodReady(t, client, pod, false)
	waitForSlice(t, client, ns, "web", "10.1.0.1 ready=false serving=false terminating=false")
	waitForEndpoints(t, client, ns, "web", "ready [] notReady [10.1.0.1] ports [http:8080]")

	// Deleting a pod on a node leaves it terminating until its kubelet confirms; no kubelet does here.
	pod = setPodReady(t, client, pod, true)
	waitForSlice(t, client, ns, "web", "10.1.0.1 ready=true serving=true terminating=false")
	if err := client.CoreV1().Pods(ns).Delete(ctx, pod.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	waitForSlice(t, client, ns, "web", "10.1.0.1 ready=false serving=true terminating=true")
	waitForEndpoints(t, client, ns, "web", "")

	if err := client.CoreV1().Pods(ns).Delete(ctx, pod.Name, metav1.DeleteOptions{GracePeriodSeconds: ptr(int64(0))}); err != nil {
		t.Fatal(err)
	}
	waitForSlice(t, client, ns, "web", "")
}

// TestEndpointHeadlessPublishNotReady checks a headless service that publishes not-ready
// addresses: its not-ready pod counts as ready in both the slice and the Endpoints.
func TestEndpointHeadlessPublishNotReady(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	const ns = "endpoints-headless"
	node := namespaceWithNode(t, client, ns, "zone-b")
	if _, err := client.CoreV1().Services(ns).Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "db"},
		Spec: corev1.ServiceSpec{
			ClusterIP:                corev1.ClusterIPNone,
			Selector:                 map[string]string{"app": "db"},
			PublishNotReadyAddresses: true,
			Ports:                    []corev1.ServicePort{{Name: "sql", Port: 5432, TargetPort: intstr.FromInt32(5432)}},
		},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	servingPod(t, client, ns, "db-0", "db", node, "10.2.0.1", false)

	slice := waitForSlice(t, client, ns, "db", "10.2.0.1 ready=true serving=false terminating=false")
	if _, ok := slice.Labels[corev1.IsHeadlessService]; !ok {
		t.Errorf("slice labels = %v, want %s", slice.Labels, corev1.IsHeadlessService)
	}
	endpoints := waitForEndpoints(t, client, ns, "db", "ready [10.2.0.1] notReady [] ports [sql:5432]")
	if _, ok := endpoints.Labels[corev1.IsHeadlessService]; !ok {
		t.Errorf("endpoints labels = %v, want %s", endpoints.Labels, corev1.IsHeadlessService)
	}
}

// TestEndpointSliceMirroring gives a service without a selector hand-written Endpoints and checks
// that they are mirrored into a slice that follows them, while Endpoints asking to be skipped and
// the kubernetes service's are not mirrored.
func TestEndpointSliceMirroring(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	const ns = "endpoints-mirroring"
	createNamespace(t, client, ns)
	const mirroring = "endpointslicemirroring-controller.k8s.io"
	for _, name := range []string{"skipped", "external"} {
		if _, err := client.CoreV1().Services(ns).Create(ctx, &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Name: name},
			Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "http", Port: 80}}},
		}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	subsets := []corev1.EndpointSubset{{
		Addresses:         []corev1.EndpointAddress{{IP: "192.0.2.10"}},
		NotReadyAddresses: []corev1.EndpointAddress{{IP: "192.0.2.11"}},
		Ports:             []corev1.EndpointPort{{Name: "http", Port: 8080, Protocol: corev1.ProtocolTCP}},
	}}
	if _, err := client.CoreV1().Endpoints(ns).Create(ctx, &corev1.Endpoints{
		ObjectMeta: metav1.ObjectMeta{Name: "skipped", Labels: map[string]string{discoveryv1.LabelSkipMirror: "true"}},
		Subsets:    subsets,
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	external, err := client.CoreV1().Endpoints(ns).Create(ctx, &corev1.Endpoints{
		ObjectMeta: metav1.ObjectMeta{Name: "external", Labels: map[string]string{"team": "a"}},
		Subsets:    subsets,
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}

	var slice *discoveryv1.EndpointSlice
	eventually(t, func() error {
		s, err := oneSlice(client, ns, "external", mirroring)
		if err != nil {
			return err
		}
		if got, want := describeSlice(s), "192.0.2.10 ready=true serving=nil terminating=nil; 192.0.2.11 ready=false serving=nil terminating=nil"; got != want {
			return fmt.Errorf("mirrored endpoints %q, want %q", got, want)
		}
		slice = s
		return nil
	})
	if len(slice.Ports) != 1 || *slice.Ports[0].Name != "http" || *slice.Ports[0].Port != 8080 || slice.Labels["team"] != "a" {
		t.Errorf("mirrored slice ports %+v labels %v, want http 8080 and the Endpoints' labels", slice.Ports, slice.Labels)
	}
	if refs := slice.OwnerReferences; len(refs) != 1 || refs[0].Kind != "Endpoints" || refs[0].UID != external.UID {
		t.Errorf("mirrored slice owners = %+v, want the Endpoints", refs)
	}
	// Both were written before the mirror appeared.
	if got, err := serviceSlices(client, ns, "skipped", mirroring); err != nil || len(got) != 0 {
		t.Errorf("Endpoints labelled %s were mirrored: %d slices, err %v", discoveryv1.LabelSkipMirror, len(got), err)
	}
	if got, err := serviceSlices(client, metav1.NamespaceDefault, "kubernetes", mirroring); err != nil || len(got) != 0 {
		t.Errorf("the kubernetes Endpoints were mirrored: %d slices, err %v", len(got), err)
	}

	external.Subsets[0].Addresses = append(external.Subsets[0].Addresses, corev1.EndpointAddress{IP: "192.0.2.12"})
	if _, err := client.CoreV1().Endpoints(ns).Update(ctx, external, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		s, err := oneSlice(client, ns, "external", mirroring)
		if err != nil {
			return err
		}
		if got := describeSlice(s); !strings.Contains(got, "192.0.2.12 ready=true") {
			return fmt.Errorf("mirrored endpoints %q, want 192.0.2.12 added", got)
		}
		return nil
	})

	if err := client.CoreV1().Endpoints(ns).Delete(ctx, "external", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		got, err := serviceSlices(client, ns, "external", mirroring)
		if err != nil || len(got) != 0 {
			return fmt.Errorf("%d mirrored slices left after the Endpoints went, err %v", len(got), err)
		}
		return nil
	})
}

// TestEndpointKubernetesServiceKept checks that, with the endpoint controllers running, the
// kubernetes service keeps the Endpoints and slice kapi itself writes: once a service with a
// selector got its endpoints, the controllers have had their chance to touch it.
func TestEndpointKubernetesServiceKept(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	const ns = "endpoints-kubernetes"
	node := namespaceWithNode(t, client, ns, "zone-c")
	if _, err := client.CoreV1().Services(ns).Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "app"},
		Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "app"},
			Ports: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromString("http")}}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	servingPod(t, client, ns, "app-1", "app", node, "10.3.0.1", true)
	waitForSlice(t, client, ns, "app", "10.3.0.1 ready=true serving=true terminating=false")
	waitForEndpoints(t, client, ns, "app", "ready [10.3.0.1] notReady [] ports [http:8080]")

	e, err := client.CoreV1().Endpoints(metav1.NamespaceDefault).Get(ctx, "kubernetes", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Subsets) != 1 || len(e.Subsets[0].Ports) != 1 || e.Subsets[0].Ports[0].Name != "https" || e.Subsets[0].Addresses[0].TargetRef != nil {
		t.Errorf("kubernetes endpoints = %s, want kapi's own", describeEndpoints(e))
	}
	for _, manager := range []string{"endpointslice-controller.k8s.io", "endpointslicemirroring-controller.k8s.io"} {
		if got, err := serviceSlices(client, metav1.NamespaceDefault, "kubernetes", manager); err != nil || len(got) != 0 {
			t.Errorf("%d slices of the kubernetes service managed by %s, err %v", len(got), manager, err)
		}
	}
	if _, err := client.DiscoveryV1().EndpointSlices(metav1.NamespaceDefault).Get(ctx, "kubernetes", metav1.GetOptions{}); err != nil {
		t.Errorf("the kubernetes EndpointSlice: %v", err)
	}
}

// TestEndpointControllersOff starts a kapi without the endpointslice and endpoints controllers: a
// new service with a ready pod gets neither slices nor Endpoints, while the mirroring controller,
// still on, mirrors a selector-less service's Endpoints written after it.
func TestEndpointControllersOff(t *testing.T) {
	s := startServer(t, "--controllers=*,-endpointslice,-endpoint")
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)
	ctx := context.Background()
	const ns = "endpoints-off"
	node := namespaceWithNode(t, client, ns, "zone-d")
	for _, svc := range []*corev1.Service{
		{ObjectMeta: metav1.ObjectMeta{Name: "web"}, Spec: corev1.ServiceSpec{Selector: map[string]string{"app": "web"},
			Ports: []corev1.ServicePort{{Name: "http", Port: 80, TargetPort: intstr.FromString("http")}}}},
		{ObjectMeta: metav1.ObjectMeta{Name: "external"}, Spec: corev1.ServiceSpec{
			Ports: []corev1.ServicePort{{Name: "http", Port: 80}}}},
	} {
		if _, err := client.CoreV1().Services(ns).Create(ctx, svc, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	servingPod(t, client, ns, "web-1", "web", node, "10.4.0.1", true)
	if _, err := client.CoreV1().Endpoints(ns).Create(ctx, &corev1.Endpoints{
		ObjectMeta: metav1.ObjectMeta{Name: "external"},
		Subsets: []corev1.EndpointSubset{{Addresses: []corev1.EndpointAddress{{IP: "192.0.2.20"}},
			Ports: []corev1.EndpointPort{{Name: "http", Port: 8080, Protocol: corev1.ProtocolTCP}}}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		_, err := oneSlice(client, ns, "external", "endpointslicemirroring-controller.k8s.io")
		return err
	})

	list, err := client.DiscoveryV1().EndpointSlices(ns).List(ctx, metav1.ListOptions{LabelSelector: discoveryv1.LabelServiceName + "=web"})
	if err != nil || len(list.Items) != 0 {
		t.Errorf("service web got %d EndpointSlices with the endpointslice controller off, err %v", len(list.Items), err)
	}
	if _, err := client.CoreV1().Endpoints(ns).Get(ctx, "web", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("service web's Endpoints with the endpoints controller off: err = %v, want NotFound", err)
	}
}

// TestEndpointSliceMirroringCapacity writes Endpoints with one address more than the mirroring
// controller mirrors per subset: the slice gets the first 1000 and the Endpoints a warning event.
func TestEndpointSliceMirroringCapacity(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	const ns = "endpoints-mirroring-capacity"
	createNamespace(t, client, ns)
	if _, err := client.CoreV1().Services(ns).Create(ctx, &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "big"},
		Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Name: "http", Port: 80}}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	addresses := make([]corev1.EndpointAddress, 1001)
	for i := range addresses {
		addresses[i] = corev1.EndpointAddress{IP: fmt.Sprintf("10.20.%d.%d", i/200, i%200+1)}
	}
	if _, err := client.CoreV1().Endpoints(ns).Create(ctx, &corev1.Endpoints{
		ObjectMeta: metav1.ObjectMeta{Name: "big"},
		Subsets:    []corev1.EndpointSubset{{Addresses: addresses, Ports: []corev1.EndpointPort{{Name: "http", Port: 8080, Protocol: corev1.ProtocolTCP}}}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error {
		s, err := oneSlice(client, ns, "big", "endpointslicemirroring-controller.k8s.io")
		if err != nil {
			return err
		}
		if len(s.Endpoints) != 1000 {
			return fmt.Errorf("mirrored %d endpoints, want 1000", len(s.Endpoints))
		}
		return nil
	})
	eventually(t, func() error {
		events, err := client.CoreV1().Events(ns).List(ctx, metav1.ListOptions{FieldSelector: "involvedObject.kind=Endpoints,involvedObject.name=big"})
		if err != nil {
			return err
		}
		for _, e := range events.Items {
			if e.Type == corev1.EventTypeWarning && e.Reason == "TooManyAddressesToMirror" &&
				e.Message == "A max of 1000 addresses can be mirrored to EndpointSlices per Endpoints subset. 1 addresses were skipped" &&
				e.Source.Component == "endpoint-slice-mirroring-controller" {
				return nil
			}
		}
		return fmt.Errorf("no TooManyAddressesToMirror warning among %d events", len(events.Items))
	})
}
