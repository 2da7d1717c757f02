package integration

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/uuid"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// ownerRef returns a reference to owner, of kind apiVersion/kind, blocking its foreground deletion
// when block is set.
func ownerRef(apiVersion, kind string, owner metav1.Object, block bool) metav1.OwnerReference {
	ref := metav1.OwnerReference{APIVersion: apiVersion, Kind: kind, Name: owner.GetName(), UID: owner.GetUID()}
	if block {
		ref.BlockOwnerDeletion = ptr(true)
	}
	return ref
}

func configMapRef(owner metav1.Object, block bool) metav1.OwnerReference {
	return ownerRef("v1", "ConfigMap", owner, block)
}

// ownedConfigMap creates a ConfigMap with owners.
func ownedConfigMap(t *testing.T, client kubernetes.Interface, namespace, name string, owners ...metav1.OwnerReference) *corev1.ConfigMap {
	t.Helper()
	cm, err := client.CoreV1().ConfigMaps(namespace).Create(context.Background(), &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: name, OwnerReferences: owners},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating ConfigMap %s/%s: %v", namespace, name, err)
	}
	return cm
}

func ownedSecret(t *testing.T, client kubernetes.Interface, namespace, name string, owners ...metav1.OwnerReference) *corev1.Secret {
	t.Helper()
	s, err := client.CoreV1().Secrets(namespace).Create(context.Background(), &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: name, OwnerReferences: owners},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating Secret %s/%s: %v", namespace, name, err)
	}
	return s
}

// ownedPod creates a pod that no node runs, so that deleting it removes it at once.
func ownedPod(t *testing.T, client kubernetes.Interface, namespace, name string, owners ...metav1.OwnerReference) *corev1.Pod {
	t.Helper()
	pod := simplePod(name, "nginx")
	pod.OwnerReferences = owners
	p, err := client.CoreV1().Pods(namespace).Create(context.Background(), pod, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating Pod %s/%s: %v", namespace, name, err)
	}
	return p
}

func createRC(t *testing.T, client kubernetes.Interface, namespace, name string) *corev1.ReplicationController {
	t.Helper()
	rc, err := client.CoreV1().ReplicationControllers(namespace).Create(context.Background(), &corev1.ReplicationController{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: corev1.ReplicationControllerSpec{
			Replicas: ptr[int32](0),
			Template: &corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": name}},
				Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "main", Image: "nginx"}}},
			},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating ReplicationController %s/%s: %v", namespace, name, err)
	}
	return rc
}

// rcRef is a reference to rc as an owner but not as controller, so that the replication
// controller's controller leaves the pods alone, their labels not matching its selector either.
func rcRef(rc *corev1.ReplicationController, block bool) metav1.OwnerReference {
	return ownerRef("v1", "ReplicationController", rc, block)
}

// gcClient returns a clientset whose polling the client-side rate limit does not slow down.
func gcClient(t *testing.T) kubernetes.Interface {
	t.Helper()
	c := rest.CopyConfig(server.ClientConfig)
	c.QPS, c.Burst = 100, 200
	return kubernetes.NewForConfigOrDie(c)
}

// waitGone waits until get reports the object not found.
func waitGone(t *testing.T, what string, get func(context.Context) error) {
	t.Helper()
	eventually(t, func() error {
		err := get(context.Background())
		if apierrors.IsNotFound(err) {
			return nil
		}
		return fmt.Errorf("%s was not deleted (last get: %v)", what, err)
	})
}

func configMapGone(t *testing.T, client kubernetes.Interface, namespace, name string) {
	t.Helper()
	waitGone(t, "ConfigMap "+namespace+"/"+name, func(ctx context.Context) error {
		_, err := client.CoreV1().ConfigMaps(namespace).Get(ctx, name, metav1.GetOptions{})
		return err
	})
}

func secretGone(t *testing.T, client kubernetes.Interface, namespace, name string) {
	t.Helper()
	waitGone(t, "Secret "+namespace+"/"+name, func(ctx context.Context) error {
		_, err := client.CoreV1().Secrets(namespace).Get(ctx, name, metav1.GetOptions{})
		return err
	})
}

func podGone(t *testing.T, client kubernetes.Interface, namespace, name string) {
	t.Helper()
	waitGone(t, "Pod "+namespace+"/"+name, func(ctx context.Context) error {
		_, err := client.CoreV1().Pods(namespace).Get(ctx, name, metav1.GetOptions{})
		return err
	})
}

// ownerUIDs returns the uids an object's owner references name.
func ownerUIDs(refs []metav1.OwnerReference) []types.UID {
	var uids []types.UID
	for _, ref := range refs {
		uids = append(uids, ref.UID)
	}
	return uids
}

// waitOwners waits until the ConfigMap's owner references name exactly want.
func waitOwners(t *testing.T, client kubernetes.Interface, namespace, name string, want ...types.UID) {
	t.Helper()
	eventually(t, func() error {
		cm, err := client.CoreV1().ConfigMaps(namespace).Get(context.Background(), name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if got := ownerUIDs(cm.OwnerReferences); !slices.Equal(got, want) {
			return fmt.Errorf("ConfigMap %s/%s is owned by %v, want %v", namespace, name, got, want)
		}
		return nil
	})
}

// markerName is the name of the owner that marker references.
const markerName = "gc-marker"

// marker returns a reference to an owner that never exists. The garbage collector removes it from an
// object that has another owner once its graph holds the object, so a test that waits for that
// (waitSeen) before deleting the real owner knows that the collector will account for the object, as
// kube-controller-manager's tests wait for its graph to hold their objects. Without it a test could
// delete an owner before the collector even saw a dependent created a moment earlier.
func marker() metav1.OwnerReference {
	return metav1.OwnerReference{APIVersion: "v1", Kind: "ConfigMap", Name: markerName, UID: uuid.NewUUID()}
}

// waitSeen waits until the owner references that get returns no longer include a marker.
func waitSeen(t *testing.T, what string, get func(context.Context) ([]metav1.OwnerReference, error)) {
	t.Helper()
	eventually(t, func() error {
		refs, err := get(context.Background())
		if err != nil {
			return err
		}
		if slices.ContainsFunc(refs, func(ref metav1.OwnerReference) bool { return ref.Name == markerName }) {
			return fmt.Errorf("the garbage collector has not seen %s yet", what)
		}
		return nil
	})
}

func configMapSeen(t *testing.T, client kubernetes.Interface, namespace, name string) {
	t.Helper()
	waitSeen(t, "ConfigMap "+namespace+"/"+name, func(ctx context.Context) ([]metav1.OwnerReference, error) {
		cm, err := client.CoreV1().ConfigMaps(namespace).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		return cm.OwnerReferences, nil
	})
}

func secretSeen(t *testing.T, client kubernetes.Interface, namespace, name string) {
	t.Helper()
	waitSeen(t, "Secret "+namespace+"/"+name, func(ctx context.Context) ([]metav1.OwnerReference, error) {
		s, err := client.CoreV1().Secrets(namespace).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		return s.OwnerReferences, nil
	})
}

func podSeen(t *testing.T, client kubernetes.Interface, namespace, name string) {
	t.Helper()
	waitSeen(t, "Pod "+namespace+"/"+name, func(ctx context.Context) ([]metav1.OwnerReference, error) {
		p, err := client.CoreV1().Pods(namespace).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		return p.OwnerReferences, nil
	})
}

func deleteWith(policy metav1.DeletionPropagation) metav1.DeleteOptions {
	return metav1.DeleteOptions{PropagationPolicy: &policy}
}

// TestGarbageCollectorBackground deletes owners in the background: their dependents follow, and a
// dependent with another owner only loses the reference.
func TestGarbageCollectorBackground(t *testing.T) {
	ctx := context.Background()
	client := gcClient(t)
	ns := "gc-background"
	createNamespace(t, client, ns)

	owner := ownedConfigMap(t, client, ns, "owner")
	keeper := ownedConfigMap(t, client, ns, "keeper")
	ownedConfigMap(t, client, ns, "child", configMapRef(owner, false))
	ownedSecret(t, client, ns, "secret", configMapRef(owner, true))
	ownedPod(t, client, ns, "pod", configMapRef(owner, false))
	ownedConfigMap(t, client, ns, "shared", configMapRef(owner, false), configMapRef(keeper, false))
	grandchild := ownedConfigMap(t, client, ns, "grandchild", configMapRef(mustGetConfigMap(t, client, ns, "child"), false))

	if err := client.CoreV1().ConfigMaps(ns).Delete(ctx, "owner", deleteWith(metav1.DeletePropagationBackground)); err != nil {
		t.Fatal(err)
	}
	configMapGone(t, client, ns, "child")
	secretGone(t, client, ns, "secret")
	podGone(t, client, ns, "pod")
	configMapGone(t, client, ns, grandchild.Name)
	waitOwners(t, client, ns, "shared", keeper.UID)

	// A ReplicationController's pods go with it.
	rc := createRC(t, client, ns, "rc")
	for i := range 3 {
		ownedPod(t, client, ns, fmt.Sprintf("rc-%d", i), rcRef(rc, true))
	}
	if err := client.CoreV1().ReplicationControllers(ns).Delete(ctx, "rc", deleteWith(metav1.DeletePropagationBackground)); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		podGone(t, client, ns, fmt.Sprintf("rc-%d", i))
	}
	if _, err := client.CoreV1().ConfigMaps(ns).Get(ctx, "keeper", metav1.GetOptions{}); err != nil {
		t.Errorf("keeper: %v", err)
	}
}

func mustGetConfigMap(t *testing.T, client kubernetes.Interface, namespace, name string) *corev1.ConfigMap {
	t.Helper()
	cm, err := client.CoreV1().ConfigMaps(namespace).Get(context.Background(), name, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return cm
}

// TestGarbageCollectorForeground deletes an owner in the foreground: it stays, with its
// foregroundDeletion finalizer, until its dependents that block it are gone, and all its dependents
// are deleted.
func TestGarbageCollectorForeground(t *testing.T) {
	ctx := context.Background()
	client := gcClient(t)
	ns := "gc-foreground"
	createNamespace(t, client, ns)
	cms := client.CoreV1().ConfigMaps(ns)

	owner := ownedConfigMap(t, client, ns, "owner")
	// held blocks its owner, and its own finalizer keeps it until the test releases it.
	held, err := cms.Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{
		Name: "held", Finalizers: []string{"kapi.dev/hold"}, OwnerReferences: []metav1.OwnerReference{configMapRef(owner, true), marker()},
	}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ownedSecret(t, client, ns, "loose", configMapRef(owner, false))
	ownedPod(t, client, ns, "pod", configMapRef(owner, true), marker())
	// middle blocks the owner and has a blocking dependent of its own: it is deleted in the
	// foreground as well.
	middle := ownedConfigMap(t, client, ns, "middle", configMapRef(owner, true))
	ownedConfigMap(t, client, ns, "leaf", configMapRef(middle, true), marker())
	configMapSeen(t, client, ns, "held")
	podSeen(t, client, ns, "pod")
	configMapSeen(t, client, ns, "leaf")

	if err := cms.Delete(ctx, "owner", deleteWith(metav1.DeletePropagationForeground)); err != nil {
		t.Fatal(err)
	}
	got := mustGetConfigMap(t, client, ns, "owner")
	if got.DeletionTimestamp == nil || !slices.Contains(got.Finalizers, metav1.FinalizerDeleteDependents) {
		t.Fatalf("owner after a foreground delete: deletionTimestamp %v, finalizers %v", got.DeletionTimestamp, got.Finalizers)
	}
	secretGone(t, client, ns, "loose")
	podGone(t, client, ns, "pod")
	configMapGone(t, client, ns, "leaf")
	configMapGone(t, client, ns, "middle")
	eventually(t, func() error {
		cm, err := cms.Get(ctx, "held", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if cm.DeletionTimestamp == nil {
			return errors.New("held is not being deleted")
		}
		return nil
	})
	// Everything else is gone; held still blocks the owner.
	got = mustGetConfigMap(t, client, ns, "owner")
	if !slices.Contains(got.Finalizers, metav1.FinalizerDeleteDependents) {
		t.Fatalf("owner lost its foregroundDeletion finalizer while held blocks it: %v", got.Finalizers)
	}

	held = mustGetConfigMap(t, client, ns, "held")
	held.Finalizers = nil
	if _, err := cms.Update(ctx, held, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	configMapGone(t, client, ns, "held")
	configMapGone(t, client, ns, "owner")

	// A ReplicationController and its pods, in the foreground.
	rc := createRC(t, client, ns, "rc")
	for i := range 2 {
		ownedPod(t, client, ns, fmt.Sprintf("rc-%d", i), rcRef(rc, true), marker())
		podSeen(t, client, ns, fmt.Sprintf("rc-%d", i))
	}
	if err := client.CoreV1().ReplicationControllers(ns).Delete(ctx, "rc", deleteWith(metav1.DeletePropagationForeground)); err != nil {
		t.Fatal(err)
	}
	waitGone(t, "ReplicationController rc", func(ctx context.Context) error {
		_, err := client.CoreV1().ReplicationControllers(ns).Get(ctx, "rc", metav1.GetOptions{})
		return err
	})
	for i := range 2 {
		if _, err := client.CoreV1().Pods(ns).Get(ctx, fmt.Sprintf("rc-%d", i), metav1.GetOptions{}); !apierrors.IsNotFound(err) {
			t.Errorf("pod rc-%d outlived its ReplicationController's foreground deletion: %v", i, err)
		}
	}
}

// TestGarbageCollectorOrphan deletes owners with the orphan policy: the dependents stay, without their
// references to the owner, and then the owner goes.
func TestGarbageCollectorOrphan(t *testing.T) {
	ctx := context.Background()
	client := gcClient(t)
	ns := "gc-orphan"
	createNamespace(t, client, ns)

	owner := ownedConfigMap(t, client, ns, "owner")
	keeper := ownedConfigMap(t, client, ns, "keeper")
	ownedConfigMap(t, client, ns, "child", configMapRef(owner, true), marker())
	ownedConfigMap(t, client, ns, "shared", configMapRef(keeper, false), configMapRef(owner, false), marker())
	ownedSecret(t, client, ns, "secret", configMapRef(owner, false), marker())
	configMapSeen(t, client, ns, "child")
	configMapSeen(t, client, ns, "shared")
	secretSeen(t, client, ns, "secret")

	if err := client.CoreV1().ConfigMaps(ns).Delete(ctx, "owner", deleteWith(metav1.DeletePropagationOrphan)); err != nil {
		t.Fatal(err)
	}
	configMapGone(t, client, ns, "owner")
	waitOwners(t, client, ns, "child")
	waitOwners(t, client, ns, "shared", keeper.UID)
	secret, err := client.CoreV1().Secrets(ns).Get(ctx, "secret", metav1.GetOptions{})
	if err != nil || len(secret.OwnerReferences) != 0 {
		t.Fatalf("secret after its owner was orphaning: %v, owners %v", err, secret.OwnerReferences)
	}

	// A core/v1 ReplicationController deleted without a policy orphans its pods, as in kube-apiserver.
	rc := createRC(t, client, ns, "rc")
	ownedPod(t, client, ns, "rc-0", rcRef(rc, true), marker())
	podSeen(t, client, ns, "rc-0")
	if err := client.CoreV1().ReplicationControllers(ns).Delete(ctx, "rc", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	waitGone(t, "ReplicationController rc", func(ctx context.Context) error {
		_, err := client.CoreV1().ReplicationControllers(ns).Get(ctx, "rc", metav1.GetOptions{})
		return err
	})
	pod, err := client.CoreV1().Pods(ns).Get(ctx, "rc-0", metav1.GetOptions{})
	if err != nil || len(pod.OwnerReferences) != 0 {
		t.Fatalf("pod after its ReplicationController was orphaning: %v, owners %v", err, pod.OwnerReferences)
	}
}

// createGCCRD creates a CustomResourceDefinition of kind in group and waits until it is established
// and served.
func createGCCRD(t *testing.T, group, kind, plural string, scope apiextensionsv1.ResourceScope) schema.GroupVersionResource {
	t.Helper()
	ctx := context.Background()
	crds := apiextensionsclient.NewForConfigOrDie(server.ClientConfig).ApiextensionsV1().CustomResourceDefinitions()
	crd := &apiextensionsv1.CustomResourceDefinition{
		ObjectMeta: metav1.ObjectMeta{Name: plural + "." + group},
		Spec: apiextensionsv1.CustomResourceDefinitionSpec{
			Group: group,
			Scope: scope,
			Names: apiextensionsv1.CustomResourceDefinitionNames{Plural: plural, Kind: kind, ListKind: kind + "List"},
			Versions: []apiextensionsv1.CustomResourceDefinitionVersion{{
				Name: "v1", Served: true, Storage: true,
				Schema: &apiextensionsv1.CustomResourceValidation{OpenAPIV3Schema: &apiextensionsv1.JSONSchemaProps{
					Type: "object", XPreserveUnknownFields: ptr(true),
				}},
			}},
		},
	}
	if _, err := crds.Create(ctx, crd, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	gvr := schema.GroupVersionResource{Group: group, Version: "v1", Resource: plural}
	eventually(t, func() error {
		crd, err := crds.Get(ctx, crd.Name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		for _, c := range crd.Status.Conditions {
			if c.Type == apiextensionsv1.Established && c.Status == apiextensionsv1.ConditionTrue {
				_, err := dynamic.NewForConfigOrDie(server.ClientConfig).Resource(gvr).List(ctx, metav1.ListOptions{})
				return err
			}
		}
		return errors.New("not established")
	})
	return gvr
}

// createCustom creates a custom resource of gvr and kind with owners.
func createCustom(t *testing.T, gvr schema.GroupVersionResource, kind, namespace, name string, owners ...metav1.OwnerReference) *unstructured.Unstructured {
	t.Helper()
	obj := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": gvr.GroupVersion().String(), "kind": kind,
		"metadata": map[string]any{"name": name},
	}}
	obj.SetOwnerReferences(owners)
	created, err := dynamic.NewForConfigOrDie(server.ClientConfig).Resource(gvr).Namespace(namespace).Create(context.Background(), obj, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("creating %s %s: %v", kind, name, err)
	}
	return created
}

// TestGarbageCollectorCustomResources creates CustomResourceDefinitions after the server started: a
// custom resource owning core objects takes them along, in the background and in the foreground, and
// custom resources that depend on core objects are collected and orphaned (through JSON merge
// patches, as custom resources take no strategic merge patches).
func TestGarbageCollectorCustomResources(t *testing.T) {
	ctx := context.Background()
	client := gcClient(t)
	ns := "gc-custom"
	createNamespace(t, client, ns)
	owners := createGCCRD(t, "gc.test.kapi.dev", "Keeper", "keepers", apiextensionsv1.NamespaceScoped)
	keepers := dynamic.NewForConfigOrDie(server.ClientConfig).Resource(owners).Namespace(ns)

	keeper := createCustom(t, owners, "Keeper", ns, "background")
	ref := ownerRef("gc.test.kapi.dev/v1", "Keeper", keeper, false)
	ownedConfigMap(t, client, ns, "of-background", ref)
	ownedSecret(t, client, ns, "of-background", ref)
	if err := keepers.Delete(ctx, "background", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	configMapGone(t, client, ns, "of-background")
	secretGone(t, client, ns, "of-background")

	keeper = createCustom(t, owners, "Keeper", ns, "foreground")
	ownedConfigMap(t, client, ns, "of-foreground", ownerRef("gc.test.kapi.dev/v1", "Keeper", keeper, true), marker())
	configMapSeen(t, client, ns, "of-foreground")
	if err := keepers.Delete(ctx, "foreground", deleteWith(metav1.DeletePropagationForeground)); err != nil {
		t.Fatal(err)
	}
	waitGone(t, "Keeper foreground", func(ctx context.Context) error {
		_, err := keepers.Get(ctx, "foreground", metav1.GetOptions{})
		return err
	})
	if _, err := client.CoreV1().ConfigMaps(ns).Get(ctx, "of-foreground", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("of-foreground outlived its owner's foreground deletion: %v", err)
	}

	// A second definition, whose resource the collector has to start watching.
	dependents := createGCCRD(t, "gc.test.kapi.dev", "Follower", "followers", apiextensionsv1.NamespaceScoped)
	followers := dynamic.NewForConfigOrDie(server.ClientConfig).Resource(dependents).Namespace(ns)
	owner := ownedConfigMap(t, client, ns, "leader")
	keeper = createCustom(t, owners, "Keeper", ns, "keeper")
	createCustom(t, dependents, "Follower", ns, "collected", configMapRef(owner, false))
	createCustom(t, dependents, "Follower", ns, "of-custom", ownerRef("gc.test.kapi.dev/v1", "Keeper", keeper, false), marker())
	createCustom(t, dependents, "Follower", ns, "shared", configMapRef(owner, false), ownerRef("gc.test.kapi.dev/v1", "Keeper", keeper, false))
	if err := client.CoreV1().ConfigMaps(ns).Delete(ctx, "leader", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	waitGone(t, "Follower collected", func(ctx context.Context) error {
		_, err := followers.Get(ctx, "collected", metav1.GetOptions{})
		return err
	})
	eventually(t, func() error {
		f, err := followers.Get(ctx, "shared", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if got := ownerUIDs(f.GetOwnerReferences()); !slices.Equal(got, []types.UID{keeper.GetUID()}) {
			return fmt.Errorf("shared is owned by %v, want only the keeper %s", got, keeper.GetUID())
		}
		return nil
	})

	waitSeen(t, "Follower of-custom", func(ctx context.Context) ([]metav1.OwnerReference, error) {
		f, err := followers.Get(ctx, "of-custom", metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		return f.GetOwnerReferences(), nil
	})
	if err := keepers.Delete(ctx, "keeper", deleteWith(metav1.DeletePropagationOrphan)); err != nil {
		t.Fatal(err)
	}
	waitGone(t, "Keeper keeper", func(ctx context.Context) error {
		_, err := keepers.Get(ctx, "keeper", metav1.GetOptions{})
		return err
	})
	for _, name := range []string{"of-custom", "shared"} {
		f, err := followers.Get(ctx, name, metav1.GetOptions{})
		if err != nil || len(f.GetOwnerReferences()) != 0 {
			t.Errorf("Follower %s after its owner was orphaning: %v, owners %v", name, err, f)
		}
	}
}

// TestGarbageCollectorAbsentOwner collects dependents whose owner never existed, whether no object has
// the name or one of another uid has it, and removes such a reference from an object with a real
// owner.
func TestGarbageCollectorAbsentOwner(t *testing.T) {
	client := gcClient(t)
	ns := "gc-absent"
	createNamespace(t, client, ns)
	ghost := metav1.OwnerReference{APIVersion: "v1", Kind: "ConfigMap", Name: "ghost", UID: uuid.NewUUID()}
	impostor := ownedConfigMap(t, client, ns, "impostor")
	notImpostor := metav1.OwnerReference{APIVersion: "v1", Kind: "ConfigMap", Name: impostor.Name, UID: uuid.NewUUID()}
	owner := ownedConfigMap(t, client, ns, "owner")

	ownedConfigMap(t, client, ns, "of-ghost", ghost)
	ownedSecret(t, client, ns, "of-impostor", notImpostor)
	ownedConfigMap(t, client, ns, "half", configMapRef(owner, false), ghost)
	configMapGone(t, client, ns, "of-ghost")
	secretGone(t, client, ns, "of-impostor")
	waitOwners(t, client, ns, "half", owner.UID)
	mustGetConfigMap(t, client, ns, "impostor")
}

// TestGarbageCollectorClusterScopedOwner deletes cluster-scoped owners, a ClusterRole and a Namespace,
// of namespaced and cluster-scoped dependents.
func TestGarbageCollectorClusterScopedOwner(t *testing.T) {
	ctx := context.Background()
	client := gcClient(t)
	createNamespace(t, client, "gc-cluster-a")
	createNamespace(t, client, "gc-cluster-b")
	role, err := client.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: "gc-owner"}}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ref := ownerRef("rbac.authorization.k8s.io/v1", "ClusterRole", role, false)
	ownedConfigMap(t, client, "gc-cluster-a", "of-role", ref)
	ownedSecret(t, client, "gc-cluster-b", "of-role", ref)
	_, err = client.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "gc-of-role", OwnerReferences: []metav1.OwnerReference{ref}},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role.Name},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.RbacV1().ClusterRoles().Delete(ctx, role.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	configMapGone(t, client, "gc-cluster-a", "of-role")
	secretGone(t, client, "gc-cluster-b", "of-role")
	waitGone(t, "ClusterRoleBinding gc-of-role", func(ctx context.Context) error {
		_, err := client.RbacV1().ClusterRoleBindings().Get(ctx, "gc-of-role", metav1.GetOptions{})
		return err
	})

	// A Namespace owning a ConfigMap in another namespace.
	createNamespace(t, client, "gc-cluster-owner")
	owner, err := client.CoreV1().Namespaces().Get(ctx, "gc-cluster-owner", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ownedConfigMap(t, client, "gc-cluster-a", "of-namespace", ownerRef("v1", "Namespace", owner, false))
	if err := client.CoreV1().Namespaces().Delete(ctx, owner.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	configMapGone(t, client, "gc-cluster-a", "of-namespace")
}

// TestGarbageCollectorInvalidNamespace references a namespaced owner from a cluster-scoped object and
// from another namespace. Both get kube-controller-manager's OwnerRefInvalidNamespace warning. The
// cluster-scoped dependent is left alone, even once the owner is gone; the namespaced one, whose owner
// reference the API reads in its own namespace, where there is no such owner, is collected as
// kube-controller-manager collects it.
func TestGarbageCollectorInvalidNamespace(t *testing.T) {
	ctx := context.Background()
	client := gcClient(t)
	createNamespace(t, client, "gc-invalid-a")
	createNamespace(t, client, "gc-invalid-b")
	// The owner has an owner of its own, so that the collector's removing the marker shows that it has
	// seen the owner: a dependent seen first would have the collector look for its owner where the
	// dependent is and, not finding it there, never learn of the mismatch.
	keeper := ownedConfigMap(t, client, "gc-invalid-a", "keeper")
	owner := ownedConfigMap(t, client, "gc-invalid-a", "owner", configMapRef(keeper, false), marker())
	configMapSeen(t, client, "gc-invalid-a", "owner")
	ref := configMapRef(owner, false)

	role, err := client.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: "gc-invalid-dependent", OwnerReferences: []metav1.OwnerReference{ref}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.RbacV1().ClusterRoles().Delete(ctx, role.Name, metav1.DeleteOptions{}) })
	cross := ownedConfigMap(t, client, "gc-invalid-b", "cross", ref)

	wantMessage := func(namespace string) string {
		return fmt.Sprintf("ownerRef [v1/ConfigMap, namespace: %s, name: owner, uid: %s] does not exist in namespace %q", namespace, owner.UID, namespace)
	}
	waitInvalidNamespaceEvent(t, client, "default", "ClusterRole", role.Name, role.UID, wantMessage(""))
	waitInvalidNamespaceEvent(t, client, "gc-invalid-b", "ConfigMap", cross.Name, cross.UID, wantMessage("gc-invalid-b"))
	configMapGone(t, client, "gc-invalid-b", "cross")

	// The owner goes; its invalid cluster-scoped dependent stays. A dependent of a ghost created after
	// it is collected: the collector has looked at what it had queued before.
	if err := client.CoreV1().ConfigMaps("gc-invalid-a").Delete(ctx, "owner", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	configMapGone(t, client, "gc-invalid-a", "owner")
	ownedConfigMap(t, client, "gc-invalid-a", "probe", metav1.OwnerReference{APIVersion: "v1", Kind: "ConfigMap", Name: "ghost", UID: uuid.NewUUID()})
	configMapGone(t, client, "gc-invalid-a", "probe")
	got, err := client.RbacV1().ClusterRoles().Get(ctx, role.Name, metav1.GetOptions{})
	if err != nil {
		t.Fatalf("the cluster-scoped dependent of a namespaced owner was deleted: %v", err)
	}
	if gotUIDs := ownerUIDs(got.OwnerReferences); !slices.Equal(gotUIDs, []types.UID{owner.UID}) {
		t.Errorf("the cluster-scoped dependent's owner references changed to %v", got.OwnerReferences)
	}
}

// waitInvalidNamespaceEvent waits for the garbage collector's warning about the object.
func waitInvalidNamespaceEvent(t *testing.T, client kubernetes.Interface, namespace, kind, name string, uid types.UID, message string) {
	t.Helper()
	eventually(t, func() error {
		events, err := client.CoreV1().Events(namespace).List(context.Background(), metav1.ListOptions{FieldSelector: "reason=OwnerRefInvalidNamespace"})
		if err != nil {
			return err
		}
		for _, e := range events.Items {
			if e.InvolvedObject.UID != uid {
				continue
			}
			if e.Type != corev1.EventTypeWarning || e.InvolvedObject.Kind != kind || e.InvolvedObject.Name != name ||
				e.Source.Component != "garbage-collector-controller" || e.Message != message {
				return fmt.Errorf("event %s: type %s, involved %+v, source %+v, message %q; want Warning about %s %s from garbage-collector-controller, %q",
					e.Name, e.Type, e.InvolvedObject, e.Source, e.Message, kind, name, message)
			}
			return nil
		}
		return fmt.Errorf("no OwnerRefInvalidNamespace event about %s %s in namespace %q", kind, name, namespace)
	})
}

// TestGarbageCollectorDisabled runs a server without the garbage collector: dependents of deleted and
// absent owners stay, and an owner deleted in the foreground keeps its finalizer, while the other
// controllers, which run, empty and remove a namespace deleted after all that.
func TestGarbageCollectorDisabled(t *testing.T) {
	ctx := context.Background()
	s := startServer(t, "--controllers=*,-garbagecollector")
	client := kubernetes.NewForConfigOrDie(s.ClientConfig)
	ns := "gc-disabled"
	createNamespace(t, client, ns)
	cms := client.CoreV1().ConfigMaps(ns)

	background := ownedConfigMap(t, client, ns, "background")
	foreground := ownedConfigMap(t, client, ns, "foreground")
	ownedConfigMap(t, client, ns, "of-background", configMapRef(background, true))
	ownedConfigMap(t, client, ns, "of-foreground", configMapRef(foreground, true))
	ownedConfigMap(t, client, ns, "of-ghost", metav1.OwnerReference{APIVersion: "v1", Kind: "ConfigMap", Name: "ghost", UID: uuid.NewUUID()})
	if err := cms.Delete(ctx, "background", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := cms.Delete(ctx, "foreground", deleteWith(metav1.DeletePropagationForeground)); err != nil {
		t.Fatal(err)
	}

	// The namespace controller lists, deletes and finalizes in several passes.
	createNamespace(t, client, "gc-disabled-later")
	ownedConfigMap(t, client, "gc-disabled-later", "content")
	if err := client.CoreV1().Namespaces().Delete(ctx, "gc-disabled-later", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	waitGone(t, "namespace gc-disabled-later", func(ctx context.Context) error {
		_, err := client.CoreV1().Namespaces().Get(ctx, "gc-disabled-later", metav1.GetOptions{})
		return err
	})

	for _, name := range []string{"of-background", "of-foreground", "of-ghost"} {
		if _, err := cms.Get(ctx, name, metav1.GetOptions{}); err != nil {
			t.Errorf("%s without a garbage collector: %v", name, err)
		}
	}
	got, err := cms.Get(ctx, "foreground", metav1.GetOptions{})
	if err != nil || !slices.Contains(got.Finalizers, metav1.FinalizerDeleteDependents) {
		t.Errorf("foreground-deleted owner without a garbage collector: %v, %v; want it kept with its finalizer", err, got)
	}
}
