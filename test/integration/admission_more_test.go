package integration

import (
	"context"
	"fmt"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	storagev1 "k8s.io/api/storage/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

func claimOf(name string, class *string, size string) *corev1.PersistentVolumeClaim {
	return &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes:      []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			StorageClassName: class,
			Resources:        corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse(size)}},
		},
	}
}

// createStorageClass creates a class that is deleted when the test ends, since a default class
// would change the claims of every later test on the shared server.
func createStorageClass(t *testing.T, client kubernetes.Interface, class *storagev1.StorageClass) {
	t.Helper()
	ctx := context.Background()
	class.Provisioner = "csi.example.com"
	if _, err := client.StorageV1().StorageClasses().Create(ctx, class, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.StorageV1().StorageClasses().Delete(ctx, class.Name, metav1.DeleteOptions{}) })
}

func TestAdmissionMoreDefaultStorageClass(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "adm-more-sc")
	claims := client.CoreV1().PersistentVolumeClaims("adm-more-sc")
	isDefault := map[string]string{"storageclass.kubernetes.io/is-default-class": "true"}
	// Whether or not both land in the same second, adm-more-a wins: newer, or first by name.
	createStorageClass(t, client, &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "adm-more-b", Annotations: isDefault}})
	createStorageClass(t, client, &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "adm-more-a", Annotations: isDefault}})

	n := 0
	eventually(t, func() error {
		n++
		pvc, err := claims.Create(ctx, claimOf(fmt.Sprintf("defaulted-%d", n), nil, "1Gi"), metav1.CreateOptions{})
		if err != nil {
			return err
		}
		if got := ptrValue(pvc.Spec.StorageClassName); got != "adm-more-a" {
			return fmt.Errorf("storageClassName = %q, want adm-more-a", got)
		}
		return nil
	})

	pvc, err := claims.Create(ctx, claimOf("no-class", ptr(""), "1Gi"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ptrValue(pvc.Spec.StorageClassName); got != "" {
		t.Errorf(`a claim asking for class "" got %q`, got)
	}
}

func ptrValue(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

func TestAdmissionMorePersistentVolumeClaimResize(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "adm-more-resize")
	claims := client.CoreV1().PersistentVolumeClaims("adm-more-resize")
	createStorageClass(t, client, &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "adm-more-fixed"}})
	createStorageClass(t, client, &storagev1.StorageClass{ObjectMeta: metav1.ObjectMeta{Name: "adm-more-growing"}, AllowVolumeExpansion: ptr(true)})

	bound := func(name, class string) *corev1.PersistentVolumeClaim {
		pvc, err := claims.Create(ctx, claimOf(name, ptr(class), "1Gi"), metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		pvc.Status = corev1.PersistentVolumeClaimStatus{
			Phase:       corev1.ClaimBound,
			AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Capacity:    corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")},
		}
		if pvc, err = claims.UpdateStatus(ctx, pvc, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		pvc.Spec.Resources.Requests[corev1.ResourceStorage] = resource.MustParse("2Gi")
		return pvc
	}

	_, err := claims.Update(ctx, bound("fixed", "adm-more-fixed"), metav1.UpdateOptions{})
	expectForbidden(t, err, `persistentvolumeclaims "fixed" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize`)

	growing := bound("growing", "adm-more-growing")
	eventually(t, func() error {
		_, err := claims.Update(ctx, growing, metav1.UpdateOptions{})
		return err
	})
}

func TestAdmissionMoreStorageObjectInUseProtection(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "adm-more-protect")
	claims := client.CoreV1().PersistentVolumeClaims("adm-more-protect")

	pvc, err := claims.Create(ctx, claimOf("data", ptr(""), "1Gi"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pvc.Finalizers, []string{"kubernetes.io/pvc-protection"}) {
		t.Errorf("claim finalizers = %v, want [kubernetes.io/pvc-protection]", pvc.Finalizers)
	}
	pod := simplePod("user", "nginx")
	pod.Spec.NodeName = "node-1"
	pod.Spec.Volumes = []corev1.Volume{{Name: "data", VolumeSource: corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: "data"}}}}
	mustCreatePod(t, client, "adm-more-protect", pod)
	if err := claims.Delete(ctx, "data", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if pvc, err = claims.Get(ctx, "data", metav1.GetOptions{}); err != nil || pvc.DeletionTimestamp == nil {
		t.Fatalf("a deleted claim in use must stay, terminating: %v, %+v", err, pvc)
	}
	if err := client.CoreV1().Pods("adm-more-protect").Delete(ctx, "user", metav1.DeleteOptions{GracePeriodSeconds: ptr[int64](0)}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error { return gone(claims.Get(ctx, "data", metav1.GetOptions{})) })

	volumes := client.CoreV1().PersistentVolumes()
	pv, err := volumes.Create(ctx, &corev1.PersistentVolume{
		ObjectMeta: metav1.ObjectMeta{Name: "adm-more-disk"},
		Spec: corev1.PersistentVolumeSpec{
			Capacity:               corev1.ResourceList{corev1.ResourceStorage: resource.MustParse("1Gi")},
			AccessModes:            []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			PersistentVolumeSource: corev1.PersistentVolumeSource{HostPath: &corev1.HostPathVolumeSource{Path: "/data"}},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pv.Finalizers, []string{"kubernetes.io/pv-protection"}) {
		t.Errorf("volume finalizers = %v, want [kubernetes.io/pv-protection]", pv.Finalizers)
	}
	if err := volumes.Delete(ctx, pv.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, func() error { return gone(volumes.Get(ctx, pv.Name, metav1.GetOptions{})) })
}

// gone is nil once a get answers 404.
func gone[T any](_ T, err error) error {
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return fmt.Errorf("still there")
}

func TestAdmissionMoreDefaultIngressClass(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "adm-more-ing")
	_, err := client.NetworkingV1().IngressClasses().Create(ctx, &networkingv1.IngressClass{
		ObjectMeta: metav1.ObjectMeta{Name: "adm-more-nginx", Annotations: map[string]string{networkingv1.AnnotationIsDefaultIngressClass: "true"}},
		Spec:       networkingv1.IngressClassSpec{Controller: "k8s.io/ingress-nginx"},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = client.NetworkingV1().IngressClasses().Delete(ctx, "adm-more-nginx", metav1.DeleteOptions{})
	})

	backend := &networkingv1.IngressBackend{Service: &networkingv1.IngressServiceBackend{Name: "web", Port: networkingv1.ServiceBackendPort{Number: 80}}}
	n := 0
	eventually(t, func() error {
		n++
		ing, err := client.NetworkingV1().Ingresses("adm-more-ing").Create(ctx, &networkingv1.Ingress{
			ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("web-%d", n)},
			Spec:       networkingv1.IngressSpec{DefaultBackend: backend},
		}, metav1.CreateOptions{})
		if err != nil {
			return err
		}
		if got := ptrValue(ing.Spec.IngressClassName); got != "adm-more-nginx" {
			return fmt.Errorf("ingressClassName = %q, want adm-more-nginx", got)
		}
		return nil
	})
}

// TestAdmissionMoreOptionalPlugins runs the upstream plugins that are off by default on one server
// that turns them all on.
func TestAdmissionMoreOptionalPlugins(t *testing.T) {
	ctx := context.Background()
	s := startServer(t, "--enable-admission-plugins=AlwaysPullImages,DenyServiceExternalIPs,NamespaceAutoProvision,NamespaceExists,LimitPodHardAntiAffinityTopology,ExtendedResourceToleration,PodNodeSelector")
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)

	t.Run("NamespaceAutoProvision and NamespaceExists", func(t *testing.T) {
		cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "settings"}}
		if _, err := client.CoreV1().ConfigMaps("adm-more-auto").Create(ctx, cm, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}); err == nil {
			t.Error("a dry-run create in a missing namespace succeeded; it must create no namespace and fail")
		}
		if _, err := client.CoreV1().ConfigMaps("adm-more-auto").Create(ctx, cm, metav1.CreateOptions{}); err != nil {
			t.Fatalf("creating in a missing namespace: %v", err)
		}
		if _, err := client.CoreV1().Namespaces().Get(ctx, "adm-more-auto", metav1.GetOptions{}); err != nil {
			t.Errorf("the namespace was not provisioned: %v", err)
		}
	})

	createNamespace(t, client, "adm-more-opt")
	pods := client.CoreV1().Pods("adm-more-opt")

	t.Run("AlwaysPullImages", func(t *testing.T) {
		pod := simplePod("pull", "nginx")
		pod.Spec.Containers[0].ImagePullPolicy = corev1.PullNever
		got, err := pods.Create(ctx, pod, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if policy := got.Spec.Containers[0].ImagePullPolicy; policy != corev1.PullAlways {
			t.Errorf("imagePullPolicy = %s, want Always", policy)
		}
	})

	t.Run("ExtendedResourceToleration", func(t *testing.T) {
		pod := simplePod("gpu", "cuda")
		pod.Spec.Containers[0].Resources = corev1.ResourceRequirements{
			Requests: corev1.ResourceList{"example.com/gpu": resource.MustParse("1")},
			Limits:   corev1.ResourceList{"example.com/gpu": resource.MustParse("1")},
		}
		got, err := pods.Create(ctx, pod, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := corev1.Toleration{Key: "example.com/gpu", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}
		if !slices.Contains(got.Spec.Tolerations, want) {
			t.Errorf("tolerations = %+v, want one for example.com/gpu", got.Spec.Tolerations)
		}
	})

	t.Run("LimitPodHardAntiAffinityTopology", func(t *testing.T) {
		pod := simplePod("spread", "nginx")
		pod.Spec.Affinity = &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{RequiredDuringSchedulingIgnoredDuringExecution: []corev1.PodAffinityTerm{{
			LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": "spread"}},
			TopologyKey:   "topology.kubernetes.io/zone",
		}}}}
		_, err := pods.Create(ctx, pod, metav1.CreateOptions{})
		expectForbidden(t, err, `pods "spread" is forbidden: affinity.PodAntiAffinity.RequiredDuringScheduling has TopologyKey topology.kubernetes.io/zone but only key kubernetes.io/hostname is allowed`)
	})

	t.Run("PodNodeSelector", func(t *testing.T) {
		createNamespaceObject(t, client, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{
			Name: "adm-more-nodesel", Annotations: map[string]string{"scheduler.alpha.kubernetes.io/node-selector": "env=prod"},
		}})
		got, err := client.CoreV1().Pods("adm-more-nodesel").Create(ctx, simplePod("placed", "nginx"), metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if env := got.Spec.NodeSelector["env"]; env != "prod" {
			t.Errorf("nodeSelector = %v, want env=prod from the namespace", got.Spec.NodeSelector)
		}
		pod := simplePod("misplaced", "nginx")
		pod.Spec.NodeSelector = map[string]string{"env": "dev"}
		_, err = client.CoreV1().Pods("adm-more-nodesel").Create(ctx, pod, metav1.CreateOptions{})
		expectForbidden(t, err, `pods "misplaced" is forbidden: pod node label selector conflicts with its namespace node label selector`)
	})

	t.Run("DenyServiceExternalIPs", func(t *testing.T) {
		svc := &corev1.Service{
			ObjectMeta: metav1.ObjectMeta{Name: "web"},
			Spec:       corev1.ServiceSpec{Ports: []corev1.ServicePort{{Port: 80}}, ExternalIPs: []string{"203.0.113.7"}},
		}
		_, err := client.CoreV1().Services("adm-more-opt").Create(ctx, svc, metav1.CreateOptions{})
		expectForbidden(t, err, `services "web" is forbidden: Use of external IPs is denied by admission control`)
		svc.Spec.ExternalIPs = nil
		if _, err := client.CoreV1().Services("adm-more-opt").Create(ctx, svc, metav1.CreateOptions{}); err != nil {
			t.Errorf("a service without external IPs: %v", err)
		}
	})
}
