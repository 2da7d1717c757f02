package storage

import (
	"context"
	"fmt"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/audit"
	apiserverserviceaccount "k8s.io/apiserver/pkg/authentication/serviceaccount"
	apiserverjwt "k8s.io/apiserver/pkg/authentication/token/jwt"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/warning"
	"k8s.io/klog/v2"

	authenticationvalidation "github.com/kapi-dev/kapi/pkg/apis/authentication/validation"
	"github.com/kapi-dev/kapi/pkg/serviceaccount"
)

var tokenRequestKind = authenticationv1.SchemeGroupVersion.WithKind("TokenRequest")

// TokenConfig says how serviceaccounts/token issues tokens.
type TokenConfig struct {
	// Generator signs the tokens.
	Generator *serviceaccount.Generator
	// APIAudiences are the audiences of a token whose request names none (--api-audiences).
	APIAudiences []string
	// MaxExpirationSeconds caps the requested lifetime; zero means no cap.
	MaxExpirationSeconds int64
	// ExtendExpiration lets pod-bound tokens asked for WarnOnlyBoundTokenExpirationSeconds live
	// MaxExtendedExpirationSeconds, only warning after the requested time.
	ExtendExpiration bool
	// MaxExtendedExpirationSeconds is the lifetime of such extended tokens: a year, or less when an
	// external signer does not sign tokens that long.
	MaxExtendedExpirationSeconds int64
	// Release, if set, frees what the generator holds, when the server destroys its storage on
	// shutdown, after its last request: an external signer's connection and key refresh.
	Release func()
}

// TokenREST serves serviceaccounts/token: it issues a token for the service account, optionally bound
// to a pod, secret or node of the caller's choice.
type TokenREST struct {
	config   TokenConfig
	audsSet  sets.Set[string]
	svcaccts rest.Getter
	pods     rest.Getter
	nodes    rest.Getter
	secrets  rest.Getter
}

var (
	_ rest.NamedCreater             = &TokenREST{}
	_ rest.GroupVersionKindProvider = &TokenREST{}
	_ rest.SingularNameProvider     = &TokenREST{}
	_ rest.Storage                  = &TokenREST{}
)

// NewTokenREST returns the token subresource over the getters of the objects a token names.
func NewTokenREST(config TokenConfig, svcaccts, pods, nodes, secrets rest.Getter) *TokenREST {
	return &TokenREST{config: config, audsSet: sets.New(config.APIAudiences...), svcaccts: svcaccts, pods: pods, nodes: nodes, secrets: secrets}
}

// New returns an empty TokenRequest.
func (r *TokenREST) New() runtime.Object { return &authenticationv1.TokenRequest{} }

// Destroy releases the generator: the subresource has no storage of its own.
func (r *TokenREST) Destroy() {
	if r.config.Release != nil {
		r.config.Release()
	}
}

// GroupVersionKind says the subresource speaks authentication.k8s.io/v1 TokenRequest.
func (r *TokenREST) GroupVersionKind(schema.GroupVersion) schema.GroupVersionKind {
	return tokenRequestKind
}

// GetSingularName returns the singular name of the subresource's kind.
func (r *TokenREST) GetSingularName() string { return "token" }

// Create issues a token for the service account name, with kube-apiserver's checks and messages.
func (r *TokenREST) Create(ctx context.Context, name string, obj runtime.Object, createValidation rest.ValidateObjectFunc, options *metav1.CreateOptions) (runtime.Object, error) {
	req := obj.(*authenticationv1.TokenRequest)
	namespace, ok := genericapirequest.NamespaceFrom(ctx)
	if !ok {
		return nil, apierrors.NewBadRequest("namespace is required")
	}
	if req.Name != "" && req.Name != name {
		return nil, apierrors.NewInvalid(tokenRequestKind.GroupKind(), name, field.ErrorList{
			field.Invalid(field.NewPath("metadata").Child("name"), req.Name, "must match the service account name if specified")})
	}
	if req.Namespace != "" && req.Namespace != namespace {
		return nil, apierrors.NewInvalid(tokenRequestKind.GroupKind(), name, field.ErrorList{
			field.Invalid(field.NewPath("metadata").Child("namespace"), req.Namespace, "must match the service account namespace if specified")})
	}

	saObj, err := r.svcaccts.Get(ctx, name, &metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	sa := saObj.(*corev1.ServiceAccount)

	if len(req.Spec.Audiences) == 0 {
		req.Spec.Audiences = r.config.APIAudiences
	}
	if req.Name == "" {
		req.Name = sa.Name
	}
	if req.Namespace == "" {
		req.Namespace = sa.Namespace
	}
	// The time is taken before the token is built, so the reported expiration is never later than
	// the token's own.
	now := time.Now()
	req.CreationTimestamp = metav1.NewTime(now)
	req.Status = authenticationv1.TokenRequestStatus{}

	if errs := authenticationvalidation.ValidateTokenRequest(req); len(errs) != 0 {
		return nil, apierrors.NewInvalid(tokenRequestKind.GroupKind(), "", errs)
	}
	if createValidation != nil {
		if err := createValidation(ctx, obj.DeepCopyObject()); err != nil {
			return nil, err
		}
	}

	bound, err := r.boundObjects(ctx, name, namespace, req.Spec.BoundObjectRef)
	if err != nil {
		return nil, err
	}

	requested := *req.Spec.ExpirationSeconds
	if r.config.MaxExpirationSeconds > 0 && requested > r.config.MaxExpirationSeconds {
		warning.AddWarning(ctx, "", fmt.Sprintf("requested expiration of %d seconds shortened to %d seconds", requested, r.config.MaxExpirationSeconds))
		requested = r.config.MaxExpirationSeconds
		req.Spec.ExpirationSeconds = &requested
	}
	// Clients that predate bound tokens do not reload them; the kubelet asks for this exact lifetime
	// so that their pod-bound tokens keep working for a year, flagged as stale after the hour.
	var warnAfter int64
	exp := requested
	if r.config.ExtendExpiration && bound.Pod != nil && requested == serviceaccount.WarnOnlyBoundTokenExpirationSeconds && r.audsSet.HasAll(req.Spec.Audiences...) {
		warnAfter = exp
		exp = r.config.MaxExtendedExpirationSeconds
	}

	public, private := serviceaccount.Claims(sa, bound, now, exp, warnAfter, req.Spec.Audiences)
	token, err := r.config.Generator.GenerateToken(ctx, public, private)
	if err != nil {
		return nil, apierrors.NewInternalError(fmt.Errorf("failed to generate token: %v", err))
	}
	out := req.DeepCopy()
	out.Status = authenticationv1.TokenRequestStatus{
		Token:               token,
		ExpirationTimestamp: metav1.NewTime(now.Add(time.Duration(requested) * time.Second)),
	}
	audit.AddAuditAnnotation(ctx, apiserverserviceaccount.IssuedCredentialIDAuditAnnotationKey, apiserverjwt.CredentialIDForJTI(public.ID))
	return out, nil
}

// boundObjects looks up the object the token is to be bound to and checks that it is the one the
// reference means. A pod-bound token also names the pod's node, when it has one.
func (r *TokenREST) boundObjects(ctx context.Context, saName, namespace string, ref *authenticationv1.BoundObjectReference) (serviceaccount.BoundObjects, error) {
	var bound serviceaccount.BoundObjects
	if ref == nil {
		return bound, nil
	}
	var uid types.UID
	gvk := schema.FromAPIVersionAndKind(ref.APIVersion, ref.Kind)
	switch {
	case gvk.Group == "" && gvk.Kind == "Pod":
		obj, err := r.pods.Get(withRequestInfo(ctx, "pods", ref.Name, namespace, gvk), ref.Name, &metav1.GetOptions{})
		if err != nil {
			return bound, err
		}
		bound.Pod = obj.(*corev1.Pod)
		if saName != bound.Pod.Spec.ServiceAccountName {
			return bound, apierrors.NewBadRequest(fmt.Sprintf("cannot bind token for serviceaccount %q to pod running with different serviceaccount name.", saName))
		}
		uid = bound.Pod.UID
		if nodeName := bound.Pod.Spec.NodeName; nodeName != "" {
			node, err := r.podNode(ctx, nodeName)
			if err != nil {
				return bound, err
			}
			bound.Node = node
		}
	case gvk.Group == "" && gvk.Kind == "Node":
		obj, err := r.nodes.Get(withRequestInfo(ctx, "nodes", ref.Name, "", gvk), ref.Name, &metav1.GetOptions{})
		if err != nil {
			return bound, err
		}
		bound.Node = obj.(*corev1.Node)
		uid = bound.Node.UID
	case gvk.Group == "" && gvk.Kind == "Secret":
		obj, err := r.secrets.Get(withRequestInfo(ctx, "secrets", ref.Name, namespace, gvk), ref.Name, &metav1.GetOptions{})
		if err != nil {
			return bound, err
		}
		bound.Secret = obj.(*corev1.Secret)
		uid = bound.Secret.UID
	default:
		return bound, apierrors.NewBadRequest(fmt.Sprintf("cannot bind token to object of type %s", gvk.String()))
	}
	if ref.UID != "" && uid != ref.UID {
		return bound, apierrors.NewConflict(schema.GroupResource{Group: gvk.Group, Resource: gvk.Kind}, ref.Name,
			fmt.Errorf("the UID in the bound object reference (%s) does not match the UID in record. The object might have been deleted and then recreated", ref.UID))
	}
	return bound, nil
}

// podNode returns the node a bound pod runs on. A node that is not registered still goes into the
// token by name, so readers of the token know where the pod was scheduled.
func (r *TokenREST) podNode(ctx context.Context, nodeName string) (*corev1.Node, error) {
	nodeCtx := withRequestInfo(ctx, "nodes", nodeName, "", corev1.SchemeGroupVersion.WithKind("Node"))
	obj, err := r.nodes.Get(nodeCtx, nodeName, &metav1.GetOptions{ResourceVersion: "0"})
	if err != nil {
		obj, err = r.nodes.Get(nodeCtx, nodeName, &metav1.GetOptions{})
	}
	switch {
	case apierrors.IsNotFound(err):
		klog.V(4).InfoS("Node of bound pod not found", "node", nodeName)
		return &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: nodeName}}, nil
	case err != nil:
		return nil, apierrors.NewInternalError(err)
	}
	return obj.(*corev1.Node), nil
}

// withRequestInfo describes the lookup of a bound object as a get of that object, for the storage
// layer, which reads the namespace and resource from the request.
func withRequestInfo(ctx context.Context, resource, name, namespace string, gvk schema.GroupVersionKind) context.Context {
	ctx = genericapirequest.WithNamespace(ctx, namespace)
	return genericapirequest.WithRequestInfo(ctx, &genericapirequest.RequestInfo{
		IsResourceRequest: true,
		Verb:              "get",
		Namespace:         namespace,
		Resource:          resource,
		Name:              name,
		Parts:             []string{resource, name},
		APIGroup:          gvk.Group,
		APIVersion:        gvk.Version,
	})
}

// AddTokenREST adds serviceaccounts/token to the core group's storage map, reading service accounts,
// pods, nodes and secrets from the map's own storage.
func AddTokenREST(resources map[string]rest.Storage, config TokenConfig) error {
	getters := map[string]rest.Getter{}
	for _, resource := range []string{"serviceaccounts", "pods", "nodes", "secrets"} {
		s, ok := resources[resource]
		if !ok {
			return fmt.Errorf("serviceaccounts/token needs the storage of %s", resource)
		}
		g, ok := s.(rest.Getter)
		if !ok {
			return fmt.Errorf("the storage of %s cannot get objects", resource)
		}
		getters[resource] = g
	}
	resources["serviceaccounts/token"] = NewTokenREST(config, getters["serviceaccounts"], getters["pods"], getters["nodes"], getters["secrets"])
	return nil
}
