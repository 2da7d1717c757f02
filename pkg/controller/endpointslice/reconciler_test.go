package endpointslice

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"

	"github.com/kapi-dev/kapi/pkg/controller/internal/endpoints"
)

func testService(mutate func(*corev1.Service)) *corev1.Service {
	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "web", UID: "svc-uid", Labels: map[string]string{"tier": "front"}},
		Spec: corev1.ServiceSpec{
			ClusterIP: "10.0.0.10", IPFamilies: []corev1.IPFamily{corev1.IPv4Protocol}, Selector: map[string]string{"app": "web"},
			Ports: []corev1.ServicePort{{Name: "http", Port: 80, Protocol: corev1.ProtocolTCP, TargetPort: intstr.FromString("http")}},
		},
	}
	if mutate != nil {
		mutate(svc)
	}
	return svc
}

func testPod(i int, ready bool, ips ...string) *corev1.Pod {
	status := corev1.ConditionFalse
	if ready {
		status = corev1.ConditionTrue
	}
	if len(ips) == 0 {
		ips = []string{fmt.Sprintf("10.1.%d.%d", i/250, i%250+1)}
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: fmt.Sprintf("pod-%03d", i), UID: types.UID(fmt.Sprintf("uid-%d", i))},
		Spec: corev1.PodSpec{NodeName: "node-a", Containers: []corev1.Container{{Ports: []corev1.ContainerPort{
			{Name: "http", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}}}}},
		Status: corev1.PodStatus{PodIP: ips[0], Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: status}}},
	}
	for _, ip := range ips {
		pod.Status.PodIPs = append(pod.Status.PodIPs, corev1.PodIP{IP: ip})
	}
	return pod
}

func testPods(n int) []*corev1.Pod {
	pods := make([]*corev1.Pod, n)
	for i := range pods {
		pods[i] = testPod(i, true)
	}
	return pods
}

func testPlanner(t *testing.T) planner {
	t.Helper()
	indexer := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	if err := indexer.Add(&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "node-a", Labels: map[string]string{corev1.LabelTopologyZone: "zone-a"}}}); err != nil {
		t.Fatal(err)
	}
	return planner{nodes: corelisters.NewNodeLister(indexer), maxPerSlice: 100}
}

// existingSlice is a slice as stored: the planner's output with a name and the generation set.
func existingSlice(name string, s *discoveryv1.EndpointSlice) *discoveryv1.EndpointSlice {
	s = s.DeepCopy()
	s.Name, s.GenerateName, s.Generation = name, "", 1
	return s
}

// summary renders changes as "create IPv4 [sizes] update ... delete ..." for comparison.
func summary(c endpoints.Changes) string {
	part := func(verb string, list []*discoveryv1.EndpointSlice) string {
		var sizes []string
		for _, s := range list {
			sizes = append(sizes, fmt.Sprintf("%s%s:%d", s.Name, s.AddressType, len(s.Endpoints)))
		}
		slices.Sort(sizes)
		return verb + " [" + strings.Join(sizes, " ") + "]"
	}
	return part("create", c.Create) + " " + part("update", c.Update) + " " + part("delete", c.Delete)
}

func TestPlan(t *testing.T) {
	p := testPlanner(t)
	svc := testService(nil)
	full, err := p.plan(svc, testPods(100), nil)
	if err != nil {
		t.Fatal(err)
	}
	fullSlice := existingSlice("web-full", full.Create[0])
	half, _ := p.plan(svc, testPods(50), nil)
	halfSlice := existingSlice("web-half", half.Create[0])
	placeholder, _ := p.plan(svc, nil, nil)
	placeholderSlice := existingSlice("web-empty", placeholder.Create[0])
	foreign := existingSlice("web-foreign", halfSlice)
	foreign.OwnerReferences[0].UID = "another-service"
	ipv6 := existingSlice("web-v6", halfSlice)
	ipv6.AddressType = discoveryv1.AddressTypeIPv6
	notReady := append(testPods(49), testPod(49, false))

	tests := []struct {
		name     string
		svc      *corev1.Service
		pods     []*corev1.Pod
		existing []*discoveryv1.EndpointSlice
		want     string
	}{
		{name: "no pods: a placeholder", svc: svc, want: "create [IPv4:0] update [] delete []"},
		{name: "placeholder kept", svc: svc, existing: []*discoveryv1.EndpointSlice{placeholderSlice}, want: "create [] update [] delete []"},
		{name: "placeholder replaced", svc: svc, pods: testPods(1), existing: []*discoveryv1.EndpointSlice{placeholderSlice},
			want: "create [IPv4:1] update [] delete [web-emptyIPv4:0]"},
		{name: "packed by 100", svc: svc, pods: testPods(250), want: "create [IPv4:100 IPv4:100 IPv4:50] update [] delete []"},
		{name: "unchanged", svc: svc, pods: testPods(50), existing: []*discoveryv1.EndpointSlice{halfSlice}, want: "create [] update [] delete []"},
		{name: "new pods fill the slice they fit", svc: svc, pods: testPods(80), existing: []*discoveryv1.EndpointSlice{halfSlice},
			want: "create [] update [web-halfIPv4:80] delete []"},
		{name: "a full slice stays, new pods go to a new one", svc: svc, pods: testPods(130), existing: []*discoveryv1.EndpointSlice{fullSlice},
			want: "create [IPv4:30] update [] delete []"},
		{name: "pods gone", svc: svc, pods: testPods(10), existing: []*discoveryv1.EndpointSlice{halfSlice},
			want: "create [] update [web-halfIPv4:10] delete []"},
		{name: "a pod turned not ready is rewritten in place", svc: svc, pods: notReady, existing: []*discoveryv1.EndpointSlice{halfSlice},
			want: "create [] update [web-halfIPv4:50] delete []"},
		{name: "all pods gone: placeholder", svc: svc, existing: []*discoveryv1.EndpointSlice{halfSlice},
			want: "create [IPv4:0] update [] delete [web-halfIPv4:50]"},
		{name: "another service's slice and a family the service lost go", svc: svc, pods: testPods(50),
			existing: []*discoveryv1.EndpointSlice{halfSlice, foreign, ipv6},
			want:     "create [] update [] delete [web-foreignIPv4:50 web-v6IPv6:50]"},
		{name: "service labels changed", svc: testService(func(s *corev1.Service) { s.Labels = map[string]string{"tier": "back"} }),
			pods: testPods(50), existing: []*discoveryv1.EndpointSlice{halfSlice}, want: "create [] update [web-halfIPv4:50] delete []"},
		{name: "dual stack: one slice per family",
			svc: testService(func(s *corev1.Service) {
				s.Spec.IPFamilies = []corev1.IPFamily{corev1.IPv4Protocol, corev1.IPv6Protocol}
			}),
			pods: []*corev1.Pod{testPod(0, true, "10.1.0.1", "fd00::1"), testPod(1, true, "10.1.0.2")},
			want: "create [IPv4:2 IPv6:1] update [] delete []"},
		{name: "pods that resolve different ports get different slices",
			svc: svc,
			pods: []*corev1.Pod{testPod(0, true), func() *corev1.Pod {
				p := testPod(1, true)
				p.Spec.Containers[0].Ports[0].ContainerPort = 9090
				return p
			}()},
			want: "create [IPv4:1 IPv4:1] update [] delete []"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes, err := p.plan(tt.svc, tt.pods, tt.existing)
			if err != nil {
				t.Fatal(err)
			}
			if got := summary(changes); got != tt.want {
				t.Errorf("plan = %s\nwant   %s", got, tt.want)
			}
		})
	}
}

func TestPlanPodOnMissingNode(t *testing.T) {
	p := testPlanner(t)
	lost := testPod(1, true)
	lost.Spec.NodeName = "gone"
	pods := []*corev1.Pod{testPod(0, true), lost}

	changes, err := p.plan(testService(nil), pods, nil)
	if err == nil || !strings.Contains(err.Error(), "Node gone Not Found") {
		t.Errorf("plan error = %v, want the missing node", err)
	}
	if got := summary(changes); got != "create [IPv4:1] update [] delete []" {
		t.Errorf("plan = %s, want the other pod written", got)
	}
	changes, err = p.plan(testService(func(s *corev1.Service) { s.Spec.PublishNotReadyAddresses = true }), pods, nil)
	if err != nil || summary(changes) != "create [IPv4:2] update [] delete []" {
		t.Errorf("with publishNotReadyAddresses: plan = %s, %v; want both pods", summary(changes), err)
	}
}

func TestNewSliceMetadata(t *testing.T) {
	changes, err := testPlanner(t).plan(testService(func(s *corev1.Service) { s.Spec.ClusterIP = corev1.ClusterIPNone }), testPods(1), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := changes.Create[0]
	want := map[string]string{"tier": "front", discoveryv1.LabelServiceName: "web", discoveryv1.LabelManagedBy: ManagedBy, corev1.IsHeadlessService: ""}
	if !maps.Equal(s.Labels, want) || s.GenerateName != "web-" || s.Namespace != "ns" {
		t.Errorf("slice %s/%s labels %v, want generateName web- and labels %v", s.Namespace, s.GenerateName, s.Labels, want)
	}
	if refs := s.OwnerReferences; len(refs) != 1 || refs[0].UID != "svc-uid" || refs[0].Kind != "Service" || !*refs[0].Controller || !*refs[0].BlockOwnerDeletion {
		t.Errorf("owners = %+v, want the service as controller", refs)
	}
	ep := s.Endpoints[0]
	if *ep.NodeName != "node-a" || *ep.Zone != "zone-a" || ep.TargetRef.Name != "pod-000" || *s.Ports[0].Port != 8080 || *s.Ports[0].Name != "http" {
		t.Errorf("endpoint %+v ports %+v, want pod-000 on node-a in zone-a, port http 8080", ep, s.Ports)
	}
}

func TestPodToEndpointConditions(t *testing.T) {
	tests := []struct {
		name                             string
		ready, deleting, publishNotReady bool
		want                             [3]bool // ready, serving, terminating
	}{
		{name: "ready", ready: true, want: [3]bool{true, true, false}},
		{name: "not ready", want: [3]bool{false, false, false}},
		{name: "terminating, still serving", ready: true, deleting: true, want: [3]bool{false, true, true}},
		{name: "terminating, not serving", deleting: true, want: [3]bool{false, false, true}},
		{name: "not ready, published", publishNotReady: true, want: [3]bool{true, false, false}},
		{name: "terminating, published", deleting: true, publishNotReady: true, want: [3]bool{true, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pod := testPod(0, tt.ready)
			if tt.deleting {
				pod.DeletionTimestamp = &metav1.Time{}
			}
			svc := testService(func(s *corev1.Service) { s.Spec.PublishNotReadyAddresses = tt.publishNotReady })
			c := podToEndpoint(pod, nil, svc, discoveryv1.AddressTypeIPv4).Conditions
			if got := [3]bool{*c.Ready, *c.Serving, *c.Terminating}; got != tt.want {
				t.Errorf("ready, serving, terminating = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAddressTypes(t *testing.T) {
	tests := []struct {
		name      string
		clusterIP string
		families  []corev1.IPFamily
		want      []discoveryv1.AddressType
	}{
		{name: "families", families: []corev1.IPFamily{corev1.IPv6Protocol, corev1.IPv4Protocol},
			want: []discoveryv1.AddressType{discoveryv1.AddressTypeIPv6, discoveryv1.AddressTypeIPv4}},
		{name: "no families, IPv6 cluster IP", clusterIP: "fd00::1", want: []discoveryv1.AddressType{discoveryv1.AddressTypeIPv6}},
		{name: "no families, IPv4 cluster IP", clusterIP: "10.0.0.1", want: []discoveryv1.AddressType{discoveryv1.AddressTypeIPv4}},
		{name: "no families, headless", clusterIP: corev1.ClusterIPNone,
			want: []discoveryv1.AddressType{discoveryv1.AddressTypeIPv4, discoveryv1.AddressTypeIPv6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := &corev1.Service{Spec: corev1.ServiceSpec{ClusterIP: tt.clusterIP, IPFamilies: tt.families}}
			if got := addressTypes(svc); !slices.Equal(got, tt.want) {
				t.Errorf("addressTypes = %v, want %v", got, tt.want)
			}
		})
	}
}
