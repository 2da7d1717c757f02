package storage

import (
	"context"

	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/endpoints/filters"
	"k8s.io/apiserver/pkg/endpoints/handlers/responsewriters"
)

// authorizeCreate makes a WebSocket request for exec, attach or portforward, a GET that the
// authorization filter checked as get, also need create on the subresource, as kube-apiserver
// requires since v1.35 (AuthorizePodWebsocketUpgradeCreatePermission): these sessions act in the
// pod, which a role granting only reads must not allow. A SPDY request, a POST, was checked as
// create already.
func authorizeCreate(ctx context.Context, authz authorizer.Authorizer) error {
	attrs, err := filters.GetAuthorizerAttributes(ctx)
	if err != nil {
		return err
	}
	if attrs.GetVerb() == "create" {
		return nil
	}
	create := authorizer.AttributesRecord{
		User:            attrs.GetUser(),
		Verb:            "create",
		Namespace:       attrs.GetNamespace(),
		APIGroup:        attrs.GetAPIGroup(),
		APIVersion:      attrs.GetAPIVersion(),
		Resource:        attrs.GetResource(),
		Subresource:     attrs.GetSubresource(),
		Name:            attrs.GetName(),
		ResourceRequest: true,
		Path:            attrs.GetPath(),
	}
	decision, reason, err := authz.Authorize(ctx, create)
	if decision == authorizer.DecisionAllow {
		return nil
	}
	if err != nil && reason == "" {
		reason = err.Error()
	}
	return responsewriters.ForbiddenStatusError(create, reason)
}
