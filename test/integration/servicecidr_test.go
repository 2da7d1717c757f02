package integration

import (
	"context"
	"fmt"
	"testing"
	"time"

	networkingv1 "k8s.io/api/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// expectDefaultServiceCIDR asserts that the kubernetes ServiceCIDR holds exactly cidrs and carries
// the Ready condition kube-apiserver's default-servicecidr controller sets.
func expectDefaultServiceCIDR(t *testing.T, client kubernetes.Interface, cidrs ...string) *networkingv1.ServiceCIDR {
	t.Helper()
	cidr, err := client.NetworkingV1().ServiceCIDRs().Get(context.Background(), "kubernetes", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(cidr.Spec.CIDRs) != len(cidrs) || cidr.Spec.CIDRs[0] != cidrs[0] {
		t.Errorf("spec.cidrs = %v, want %v", cidr.Spec.CIDRs, cidrs)
	}
	ready := apimeta.FindStatusCondition(cidr.Status.Conditions, networkingv1.ServiceCIDRConditionReady)
	if ready == nil || ready.Status != metav1.ConditionTrue || ready.Message != "Kubernetes default Service CIDR is ready" || ready.LastTransitionTime.IsZero() {
		t.Errorf("Ready condition = %+v, want True with the default message and a transition time", ready)
	}
	managed := false
	for _, m := range cidr.ManagedFields {
		if m.Manager == "kubernetes-service-cidr-controller" && m.Operation == metav1.ManagedFieldsOperationApply && m.Subresource == "status" {
			managed = true
		}
	}
	if !managed {
		t.Errorf("managedFields = %+v, want the controller's status apply", cidr.ManagedFields)
	}
	return cidr
}

func TestDefaultServiceCIDR(t *testing.T) {
	client := jsonClient(t)
	cidr := expectDefaultServiceCIDR(t, client, serviceCIDR.String())
	if len(cidr.Finalizers) != 0 {
		t.Errorf("finalizers = %v, want none: kube-controller-manager's servicecidrs controller adds them, not the API server", cidr.Finalizers)
	}

	cols, rows := tableCells(t, "/apis/networking.k8s.io/v1/servicecidrs", "metadata.name=kubernetes")
	if want := []string{"Name", "CIDRs", "Age"}; len(cols) != len(want) || cols[0] != want[0] || cols[1] != want[1] || cols[2] != want[2] {
		t.Errorf("columns = %v, want %v", cols, want)
	}
	if len(rows) != 1 || len(rows[0]) != 3 || rows[0][0] != "kubernetes" || rows[0][1] != "10.0.0.0/24" {
		t.Errorf("rows = %v, want kubernetes 10.0.0.0/24 <age>", rows)
	}

	// The CIDRs of a ServiceCIDR are immutable.
	changed := cidr.DeepCopy()
	changed.Spec.CIDRs = []string{"10.1.0.0/24"}
	_, err := client.NetworkingV1().ServiceCIDRs().Update(context.Background(), changed, metav1.UpdateOptions{})
	expectInvalid(t, err, "networking.k8s.io", "ServiceCIDR", "kubernetes", `spec.cidrs[0]: Invalid value: "10.1.0.0/24": field is immutable`)
}

// TestDefaultServiceCIDRFollowsTheFlag runs kapi with its own range on an etcd the test reads, and
// checks the default ServiceCIDR takes the flag's range and sits, like the IPAddress of a service,
// under kube-apiserver's key.
func TestDefaultServiceCIDRFollowsTheFlag(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0], "--service-cluster-ip-range=10.96.0.0/16")
	client := kubernetes.NewForConfigOrDie(kapi.ClientConfig)
	expectDefaultServiceCIDR(t, client, "10.96.0.0/16")

	etcdClient := etcdClient(t, etcd)
	stored := &networkingv1.ServiceCIDR{}
	readEtcd(t, ctx, etcdClient, "/registry/servicecidrs/kubernetes", stored)
	if len(stored.Spec.CIDRs) != 1 || stored.Spec.CIDRs[0] != "10.96.0.0/16" {
		t.Errorf("stored spec.cidrs = %v, want [10.96.0.0/16]", stored.Spec.CIDRs)
	}
	// The kubernetes service, which the bootstrap controller creates once kapi serves, holds the first
	// address of the range.
	eventually(t, func() error {
		resp, err := etcdClient.Get(ctx, "/registry/ipaddresses/10.96.0.1")
		if err != nil || len(resp.Kvs) != 1 {
			return fmt.Errorf("etcd key /registry/ipaddresses/10.96.0.1 missing (%v)", err)
		}
		return nil
	})
	readEtcd(t, ctx, etcdClient, "/registry/ipaddresses/10.96.0.1", &networkingv1.IPAddress{})
}

func TestServiceIPAddressThroughTheAPI(t *testing.T) {
	ctx := context.Background()
	client := protobufClient(t)
	createNamespace(t, client, "cidr-ipaddress")
	svc, err := client.CoreV1().Services("cidr-ipaddress").Create(ctx, clusterIPService("web", ""), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ip, err := client.NetworkingV1().IPAddresses().Get(ctx, svc.Spec.ClusterIP, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("IPAddress of the service's cluster IP %s: %v", svc.Spec.ClusterIP, err)
	}
	wantRef := networkingv1.ParentReference{Group: "", Resource: "services", Namespace: "cidr-ipaddress", Name: "web"}
	if ip.Spec.ParentRef == nil || *ip.Spec.ParentRef != wantRef {
		t.Errorf("parentRef = %+v, want %+v", ip.Spec.ParentRef, wantRef)
	}
	wantLabels := map[string]string{"ipaddress.kubernetes.io/ip-family": "IPv4", "ipaddress.kubernetes.io/managed-by": "ipallocator.k8s.io"}
	if len(ip.Labels) != len(wantLabels) || ip.Labels["ipaddress.kubernetes.io/ip-family"] != "IPv4" || ip.Labels["ipaddress.kubernetes.io/managed-by"] != "ipallocator.k8s.io" {
		t.Errorf("labels = %v, want %v", ip.Labels, wantLabels)
	}
	if ip.UID == "" || ip.CreationTimestamp.IsZero() || ip.ResourceVersion == "" {
		t.Errorf("metadata = %+v, want a uid, creation timestamp and resource version", ip.ObjectMeta)
	}

	// kubectl get ipaddresses: NAME PARENTREF; kube-apiserver's rows carry the age as an extra cell.
	cols, rows := tableCells(t, "/apis/networking.k8s.io/v1/ipaddresses", "metadata.name="+svc.Spec.ClusterIP)
	if len(cols) != 2 || cols[0] != "Name" || cols[1] != "ParentRef" {
		t.Errorf("columns = %v, want [Name ParentRef]", cols)
	}
	if len(rows) != 1 || len(rows[0]) != 3 || rows[0][0] != svc.Spec.ClusterIP || rows[0][1] != "services/cidr-ipaddress/web" {
		t.Errorf("rows = %v, want %s services/cidr-ipaddress/web <age>", rows, svc.Spec.ClusterIP)
	}

	// Nothing protects an IPAddress in use: the delete succeeds, and the repair loop would restore it.
	// Restoring it here through the API keeps the address from being handed out again.
	if err := client.NetworkingV1().IPAddresses().Delete(ctx, ip.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatalf("deleting an IPAddress in use: %v", err)
	}
	restored := &networkingv1.IPAddress{
		ObjectMeta: metav1.ObjectMeta{Name: ip.Name, Labels: ip.Labels},
		Spec:       networkingv1.IPAddressSpec{ParentRef: ip.Spec.ParentRef},
	}
	if _, err := client.NetworkingV1().IPAddresses().Create(ctx, restored, metav1.CreateOptions{}); err != nil {
		t.Fatalf("restoring the IPAddress: %v", err)
	}
	_, err = client.NetworkingV1().IPAddresses().Create(ctx, restored, metav1.CreateOptions{})
	if !apierrors.IsAlreadyExists(err) {
		t.Errorf("creating the IPAddress twice: %v, want 409 AlreadyExists", err)
	}

	// The parent of an IPAddress is immutable.
	moved := restored.DeepCopy()
	moved.Spec.ParentRef.Name = "db"
	_, err = client.NetworkingV1().IPAddresses().Update(ctx, moved, metav1.UpdateOptions{})
	expectInvalid(t, err, "networking.k8s.io", "IPAddress", ip.Name,
		`spec.parentRef: Invalid value: {"Group":"","Resource":"services","Namespace":"cidr-ipaddress","Name":"db"}: field is immutable`)

	// Deleting the service releases its address.
	if err := client.CoreV1().Services("cidr-ipaddress").Delete(ctx, "web", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.NetworkingV1().IPAddresses().Get(ctx, ip.Name, metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("IPAddress after the service's deletion: %v, want 404", err)
	}
}

func TestServiceCIDRValidation(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	cidr := func(name string, cidrs ...string) *networkingv1.ServiceCIDR {
		return &networkingv1.ServiceCIDR{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: networkingv1.ServiceCIDRSpec{CIDRs: cidrs}}
	}
	_, err := client.NetworkingV1().ServiceCIDRs().Create(ctx, cidr("empty"), metav1.CreateOptions{})
	expectInvalid(t, err, "networking.k8s.io", "ServiceCIDR", "empty", "spec.cidrs: Required value: at least one CIDR required")
	_, err = client.NetworkingV1().ServiceCIDRs().Create(ctx, cidr("bad", "10.2.0.1/24", "300.0.0.0/8"), metav1.CreateOptions{})
	expectInvalid(t, err, "networking.k8s.io", "ServiceCIDR", "bad",
		`spec.cidrs[0]: Invalid value: "10.2.0.1/24": must not have bits set beyond the prefix length`,
		`spec.cidrs[1]: Invalid value: "300.0.0.0/8": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`)
	_, err = client.NetworkingV1().ServiceCIDRs().Create(ctx, cidr("same-family", "10.2.0.0/24", "10.3.0.0/24"), metav1.CreateOptions{})
	expectInvalid(t, err, "networking.k8s.io", "ServiceCIDR", "same-family",
		`spec.cidrs: Invalid value: ["10.2.0.0/24","10.3.0.0/24"]: may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64`)
	_, err = client.NetworkingV1().ServiceCIDRs().Create(ctx, cidr("three", "10.2.0.0/24", "10.3.0.0/24", "2001:db8::/64"), metav1.CreateOptions{})
	expectInvalid(t, err, "networking.k8s.io", "ServiceCIDR", "three",
		`spec.cidrs: Invalid value: {"CIDRs":["10.2.0.0/24","10.3.0.0/24","2001:db8::/64"]}: may only hold up to 2 values`)

	_, err = client.NetworkingV1().IPAddresses().Create(ctx, &networkingv1.IPAddress{ObjectMeta: metav1.ObjectMeta{Name: "10.000.0.1"}}, metav1.CreateOptions{})
	expectInvalid(t, err, "networking.k8s.io", "IPAddress", "10.000.0.1",
		`metadata.name: Invalid value: "10.000.0.1": must not have leading 0s`,
		"spec.parentRef: Required value")
}

func TestServiceCIDRStatusSubresource(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	created, err := client.NetworkingV1().ServiceCIDRs().Create(ctx, &networkingv1.ServiceCIDR{
		ObjectMeta: metav1.ObjectMeta{Name: "cidr-status"},
		Spec:       networkingv1.ServiceCIDRSpec{CIDRs: []string{"10.200.0.0/24", "2001:db8:200::/64"}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := client.NetworkingV1().ServiceCIDRs().Delete(ctx, created.Name, metav1.DeleteOptions{}); err != nil {
			t.Error(err)
		}
	}()
	// A status write changes the status only.
	update := created.DeepCopy()
	update.Spec.CIDRs = []string{"10.201.0.0/24"}
	update.Labels = map[string]string{"ignored": "yes"}
	update.Status.Conditions = []metav1.Condition{{Type: "Ready", Status: metav1.ConditionFalse, Reason: "Terminating", Message: "test", LastTransitionTime: metav1.Now()}}
	got, err := client.NetworkingV1().ServiceCIDRs().UpdateStatus(ctx, update, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Spec.CIDRs) != 2 || got.Spec.CIDRs[0] != "10.200.0.0/24" || got.Labels["ignored"] != "" {
		t.Errorf("status write changed spec %v or labels %v", got.Spec.CIDRs, got.Labels)
	}
	if c := apimeta.FindStatusCondition(got.Status.Conditions, "Ready"); c == nil || c.Status != metav1.ConditionFalse || c.Reason != "Terminating" {
		t.Errorf("conditions = %+v, want Ready=False Terminating", got.Status.Conditions)
	}

	// A status write never creates the ServiceCIDR.
	err = client.NetworkingV1().RESTClient().Put().AbsPath("/apis/networking.k8s.io/v1/servicecidrs/missing/status").
		Body(&networkingv1.ServiceCIDR{ObjectMeta: metav1.ObjectMeta{Name: "missing"}, Spec: networkingv1.ServiceCIDRSpec{CIDRs: []string{"10.9.0.0/24"}}}).
		Do(ctx).Error()
	if !apierrors.IsNotFound(err) {
		t.Errorf("PUT status of a missing ServiceCIDR: %v, want 404 NotFound", err)
	}
}
